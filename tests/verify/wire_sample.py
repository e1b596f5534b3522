"""The cross-service sample the wire tests run: all six protocols and the kinds in HARD_CASES.md."""

from __future__ import annotations

# (service, operation, what makes it hard)
SAMPLE: list[tuple[str, str, str]] = [
    # json
    ("dynamodb", "PutItem", "map of recursive AttributeValue, blob B, member NULL"),
    ("dynamodb", "Query", "expression attribute maps, paginated"),
    ("sqs", "SendMessage", "message attributes map; CLI v1 ignores AWS_ENDPOINT_URL"),
    ("kinesis", "PutRecord", "top-level blob"),
    ("kinesis", "SubscribeToShard", "event-stream output, removed from the CLI"),
    ("cloudwatch", "GetMetricStatistics", "timestamps, scalar list; model lists cbor first"),
    ("cloudwatch", "PutMetricData", "list of structures with doubles"),
    ("codeartifact", "DescribePackage", "member package (Java keyword), lower-case enums"),
    ("ecs", "RunTask", "nested overrides, list of strings"),
    # rest-json
    ("lambda", "Invoke", "input shape InvocationRequest, blob payload"),
    ("lambda", "CreateFunction", "nested blob ZipFile hoisted by the CLI"),
    ("eks", "CreateCluster", "member version clashes with --version; idempotency token"),
    ("cloudsearchdomain", "Search", "query renamed by the CLI; member return"),
    ("deadline", "CreateJob", "map of a union with int/float/string; host prefix"),
    ("bedrock-runtime", "Converse", "document member, union ContentBlock, nested blob"),
    ("bedrock-runtime", "ConverseStream", "event stream removed from the CLI"),
    ("bedrock-agent-runtime", "Retrieve", "recursive filter unions through lists"),
    ("iotwireless", "CreateWirelessDevice", "LoRaWAN renamed by the CLI; OtaaV1_1"),
    ("sso-oidc", "CreateToken", "members error/error_description-like names; SsoOidcClient"),
    ("apigateway", "CreateDeployment", "enum values that are not identifiers"),
    ("glacier", "UploadArchive", "streaming body, accountId in the URI"),
    # rest-xml
    ("s3", "PutObject", "streaming blob Body, metadata headers"),
    ("s3", "PutBucketTagging", "XML body, checksum header"),
    ("s3", "SelectObjectContent", "event-stream output with outfile"),
    ("s3", "GetObject", "streaming output: CLI outfile"),
    ("route53", "ChangeResourceRecordSets", "nested XML lists"),
    ("cloudfront", "CreateInvalidation", "XML lists with Quantity"),
    # query
    ("rds", "DescribeDBInstances", "query protocol, acronyms, paginated"),
    ("sns", "Publish", "message attribute map of structures"),
    ("iam", "CreateRole", "JSON policy document string"),
    ("sts", "AssumeRole", "list of structures in query"),
    ("cloudformation", "CreateStack", "lists of parameters and tags"),
    # ec2
    ("ec2", "RunInstances", "ec2 protocol, MinCount/MaxCount replaced by --count in the CLI"),
    ("ec2", "CreateTags", "list of resources and tag structures"),
    ("ec2", "DescribeInstances", "filters, paginated"),
    # smithy-rpc-v2-cbor
    ("cloudwatchomni", "CreateDomain", "CBOR protocol"),
    ("eventbridgev2", "CreateEventBus", "CBOR protocol"),
    ("eventbridgev2", "DescribeEventBus", "CBOR protocol"),
]
