"""Stage ``values``: the conventions AWS's documentation writes values by, as tables.

Input: none (data). Output: candidate strings by member name (:data:`BY_NAME`, and
:data:`CONVENTIONS`, strong enough to come before the resource's own name), the instance type,
database engine and query language each service's examples use, tag keys and values, and the
UUID conventions (``a1b2c3d4-5678-90ab-cdef-EXAMPLE11111``; KMS's ``1234abcd-...``). Read by
:mod:`.strings`, which fills the ``{words}``-style placeholders and keeps only candidates that
pass the member's constraints and the checker. See ``../shared/VALUE_CONVENTIONS.md``.
"""

from __future__ import annotations

from generator.values.tree import ACCOUNT, REGION

UUIDS = tuple(f"a1b2c3d4-5678-90ab-cdef-EXAMPLE{n}" for n in ("11111", "22222", "33333", "44444"))
HEX_UUID = "1234abcd-12ab-34cd-56ef-1234567890ab"  # AWS's KMS key ID convention
# (member-name regex, candidates); ``{words}`` is the resource's name (``my-dataset-group``),
# ``{Words}`` its title (``My dataset group``), ``{host}`` the service's regional host name.
BY_NAME: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"regions?(name|code)?s?$", (REGION, "us-west-2")),
    (r"(e-?mail(address|identity)?|(from|sender|replyto|notification)(e-?mail)?address(es)?)$",
     ("jane@example.com",)),
    (r"(username|user)$", ("jdoe",)),
    (r"instancetypes?$", ("{instance_type}",)),
    (r"availabilityzones?$", (REGION + "a", REGION + "b")),
    (r"(image|container|inference)(uri|image)$", (f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/my-repository:latest",)),
    (r"(db)?parametergroupfamily$", ("{family}",)),
    (r"^(db)?engine$", ("{engine}",)),
    (r"contenttype$", ("application/json", "text/plain")),
    (r"gremlinquery$", ("g.V().limit(1)",)),
    (r"opencypherquery$", ("MATCH (n) RETURN n LIMIT 1",)),
    (r"^(regex|regularexpression|regexstring)$", ("^[A-Za-z0-9_-]+$",)),
    (r"receipthandle$", ("AQEBzWwaftRI0KuVm4tP+/7q1rGgNqicHq7X1dcRnRAKbX4o5v8zPm0pLhGNHEXAMPLE",)),
    (r"(branch|branchname)$", ("main",)),
    (r"organizationalunitids?$", ("ou-a1b2-c3d4e5f6",)),
    (r"bundleid$", ("com.example.myapp",)),  # an iOS app's bundle ID
    (r"^host$", ("host.example.com",)),
    (r"equation$", ("(nir - red) / (nir + red)",)),  # a band-math index (NDVI)
    (r"(certificate|cert|ca|public)(body|pem)$|^pem$",
     ("-----BEGIN CERTIFICATE-----\nMIIDXTCCAkWgAwIBAgIJAJC1HiIAZAiIMA0GCSqGSIb3DQEBCwUAMEUxEXAMPLE\n-----END CERTIFICATE-----",)),  # AWS Organizations' ou-<root>-<suffix>
    (r"(ifmatch|etag)$", ("E2QWRUHEXAMPLE",)),
    (r"(clientsecret|secretkey|secretaccesskey)$", ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",)),
    (r"(accesskeyid|accesskey)$", ("AKIAIOSFODNN7EXAMPLE",)),
    (r"(sql|sqlquery|querystring|querystatement|selectsqlquery|statement)$", ("{query}",)),
    (r"^query$", ("{query}",)),
    (r"^phrases?$", ("AWS", "Amazon-Transcribe")),
    (r"^(search(query|text|term|string)?|querytext|question)$",
     ("How do I create an Amazon S3 bucket?", "Amazon S3 bucket policy")),
    (r"file(s3)?(url|uri|location)$", ("s3://amzn-s3-demo-bucket/{place}/data.txt", "{place}/data.txt")),
    (r"(^|[a-z])s3(path|uri|url|location|prefix|destination|output)", (
        "s3://amzn-s3-demo-bucket/{place}/", "amzn-s3-demo-bucket/{place}/",
        "s3://amzn-s3-demo-bucket1/{place}/")),
    (r"(path|uri|url|location|destination)$", ("{s3}", "https://www.example.com/{noun}", "/{place}")),
    (r"prefix$", ("{place}/", "{noun}")),
    (r"^(object)?key$", ("reports/summary.csv",)),
    (r"(description|comment|notes?|summary)$", ("{Words}", "{words}")),
    (r"(reason)$", ("Requested by the operations team",)),
    (r"^(inputtext|utterance|inputtranscript|sampleutterance)$", ("I would like to order some flowers",)),
    (r"(prompt|prompthint|prompttext|instructions?|systemprompt)$",
     ("Summarize the customer's issue and how it was resolved in two sentences.",)),
    (r"(message|messaging|text|body|content)$", ("Hello from the documentation team",)),
    (r"(title|label|displayname)$", ("{Words}", "{words}")),
    (r"(name|alias)$", ("{words}", "{Camel}", "{snake}", "{flat}")),
    (r"cidr(block)?s?$|^(ip|source)(rule|range)s?$", ("10.0.0.0/16", "192.0.2.0/24", "2001:db8::/32")),
    (r"(ip|ipaddress|ipv4|ipv4address|sourceip)$", ("192.0.2.10",)),
    (r"(local|peer|source|destination|private|public|client|server|customer|amazon)address$",
     ("192.0.2.10", "192.0.2.10/30")),
    (r"ipv6(address)?$", ("2001:db8::1",)),
    (r"subdomain$", ("{flat}", "{words}")),
    (r"(hostname|domainname|fqdn)$", ("www.example.com", "example.com")),
    (r"asns?$", ("65000", "64512")),
    (r"addressline1$", ("123 Any Street",)),
    (r"addressline[23]$", ("Suite 100",)),
    (r"city$", ("Anytown",)),
    (r"(postal|zip)code$", ("98101",)),
    (r"(stateorregion|stateorprovince|state)$", ("WA",)),
    (r"districtorcounty$", ("King",)),
    (r"websiteurl$", ("https://www.example.com",)),
    (r"schemadefinition$", ('{"type": "record", "name": "Order", "fields": [{"name": "orderId", "type": "string"}]}',)),
    (r"endpoint(url)?$", ("https://{host}", "{host}")),
    (r"(schemaversion|apiversion)$", ("1.0",)),
    (r"version(number|name)?$", ("1", "1.0", "$LATEST", "v1")),
    (r"(password|secretstring)$", ("Str0ngPassw0rd!2024",)),
    (r"kms(master)?key(id|arn)?$|^(master)?key(id|arn)$|^sseawskmskeyid$", (
        "1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "alias/ExampleAlias")),
    (r"issuer(url)?$", ("https://auth.example.com",)),
    (r"scopes?$", ("openid", "email")),
    (r"(audience|clientid)$", ("1example23456789",)),
    (r"(clienttoken|idempotencytoken|clientrequesttoken|requesttoken)$", UUIDS),
    (r"token$", ("AQoDYXdzEJr1K6L4EXAMPLEtoken",)),
    (r"(date|day)$", ("2024-01-01",)),
    (r"(time|timestamp)$", ("2024-01-01T00:00:00Z", "12:00")),
    (r"timezone$", ("America/New_York", "UTC")),
    (r"localeid$", ("en_US", "en-US")),
    (r"(language|locale)(code)?$", ("en-US", "en")),
    (r"currency(code)?$", ("USD",)),
    (r"country(code)?$", ("US",)),
    (r"phone(number)?s?$", ("+12065550100", "+12065550101")),
    (r"(schedule|cron|rate)(expression)?$", ("rate(1 day)", "cron(0 12 * * ? *)")),
    (r"(color|colour)$", ("#1f77b4",)),
    (r"(url|uri|link)s?$", ("https://www.example.com/{noun}",)),
)
# the instance type each service's examples use (the SDK docs' own choices)
INSTANCE_TYPES = {
    "sagemaker": "ml.m5.xlarge", "bedrock": "ml.m5.xlarge", "rds": "db.t3.micro",
    "neptune": "db.t3.medium", "docdb": "db.t3.medium", "elasticache": "cache.t3.micro",
    "memorydb": "db.t4g.small", "opensearch": "t3.small.search", "es": "t3.small.search",
    "redshift": "ra3.xlplus", "emr": "m5.xlarge", "mq": "mq.t3.micro", "dax": "dax.t3.small",
}  # fmt: skip
# the engine and parameter group family each database service's examples use
ENGINES = {
    "rds": ("mysql", "mysql8.0"), "neptune": ("neptune", "neptune1.3"), "docdb": ("docdb", "docdb5.0"),
    "elasticache": ("redis", "redis7"), "memorydb": ("redis", "memorydb_redis7"),
    "redshift": ("redshift", "redshift-1.0"), "dms": ("mysql", "mysql8.0"),
}  # fmt: skip
# a query in each service's own language (CloudWatch Logs Insights, SQL elsewhere)
QUERIES = {
    "logs": "fields @timestamp, @message | sort @timestamp desc | limit 20",
    "cloudwatch": "fields @timestamp, @message | sort @timestamp desc | limit 20",
    "neptunedata": "MATCH (n) RETURN n LIMIT 10",
    "amp": "sum(rate(http_requests_total[5m]))",  # PromQL
}
# conventions strong enough to come before the resource's own name (``BucketName`` is
# ``amzn-s3-demo-bucket``, not ``my-bucket``)
CONVENTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"(^|_)(account(id)?|awsaccountid|accountnumber)$", (ACCOUNT,)),
    (r"bucket(name)?$", ("amzn-s3-demo-bucket", "amzn-s3-demo-bucket1")),
    (r"^(aws)?accountids?(list)?$", (ACCOUNT,)),
    (r"(fullname|contactname)$", ("Jane Doe",)),
    (r"(companyname|businessname|legalname|organizationname)$", ("AnyCompany", "AnyCompany, Inc.")),
    (r"(businesstitle|jobtitle)$", ("Partner Manager",)),
    (r"(firstname|givenname)$", ("Jane",)),
    (r"(lastname|familyname|surname)$", ("Doe",)),
)
TAG_KEYS = ("Environment", "Team", "Project")
TAG_VALUES = ("Production", "Docs", "Alpha")
