"""A small Smithy model (JSON AST) and botocore's JSON model of the same service, for the tests
of tools/smithy_ast.py and generator/model/smithy.py: a Garage resource (create, read, delete,
list, another operation) with a Car child (read, a collection operation), a
``resourceIdentifier`` rename, ARN traits, examples and smoke tests."""

from __future__ import annotations

from typing import Any

from botocore.model import ServiceModel

NS = "com.example.widgets"


def widgets_ast() -> dict[str, Any]:
    """A Smithy model of a small service: a Garage resource with a Car child resource."""

    def ref(name: str) -> dict[str, str]:
        return {"target": f"{NS}#{name}"}

    def structure(**members: str | tuple[str, dict[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, spec in members.items():
            target, traits = spec if isinstance(spec, tuple) else (spec, {})
            out[name] = {"target": target if "#" in target else f"{NS}#{target}"}
            if traits:
                out[name]["traits"] = traits
        return {"type": "structure", "members": out}

    def operation(name: str, traits: dict[str, Any] | None = None) -> dict[str, Any]:
        return {"type": "operation", "input": ref(f"{name}Input"), "output": ref(f"{name}Output"),
                "traits": traits or {}}  # fmt: skip

    rename_trait = {"smithy.api#resourceIdentifier": "garageId"}
    return {
        f"{NS}#Widgets": {
            "type": "service",
            "version": "2024-01-01",
            "operations": [ref("Ping")],
            "resources": [ref("Garage")],
            "rename": {f"{NS}#Denied": "WidgetDenied"},
            "traits": {"aws.api#service": {"sdkId": "Widgets", "arnNamespace": "widgets"}},
        },
        f"{NS}#Garage": {
            "type": "resource",
            "identifiers": {"garageId": ref("GarageId")},
            "properties": {"size": ref("Size")},
            "create": ref("CreateGarage"),
            "read": ref("GetGarage"),
            "delete": ref("DeleteGarage"),
            "list": ref("ListGarages"),
            "operations": [ref("PaintGarage")],
            "resources": [ref("Car")],
            "traits": {
                "aws.api#arn": {"template": "garage/{garageId}"},
                "aws.iam#iamResource": {"name": "garage"},
            },
        },
        f"{NS}#Car": {
            "type": "resource",
            "identifiers": {"garageId": ref("GarageId"), "carId": ref("CarId")},
            "read": ref("GetCar"),
            "collectionOperations": [ref("CountCars")],
            "traits": {"aws.api#arn": {"template": "arn:{Partition}:widgets:::car/{carId}",
                                       "absolute": True, "noRegion": True, "noAccount": True}},
        },  # fmt: skip
        f"{NS}#Ping": operation("Ping", {"smithy.test#smokeTests": [
            {"id": "PingFails", "params": {}, "vendorParams": {"region": "us-west-2"},
             "vendorParamsShape": "aws.test#AwsVendorParams",
             "expect": {"failure": {"errorId": f"{NS}#Denied"}}},
            {"id": "PingOk", "params": {}, "vendorParams": {"region": "us-east-1"},
             "vendorParamsShape": "aws.test#AwsVendorParams", "expect": {"success": {}}},
        ]}),  # fmt: skip
        f"{NS}#CreateGarage": operation("CreateGarage", {"smithy.api#examples": [
            {"title": "To create a garage", "documentation": "Creates one.",
             "input": {"size": 2}, "output": {"garageId": "g-1234567890"}},
            {"title": "Too big", "input": {"size": 99, "colour": "red"},
             "error": {"shapeId": f"{NS}#Denied", "content": {"message": "no"}}},
        ]}),  # fmt: skip
        f"{NS}#GetGarage": operation("GetGarage"),
        f"{NS}#DeleteGarage": operation("DeleteGarage"),
        f"{NS}#ListGarages": operation("ListGarages"),
        f"{NS}#PaintGarage": operation("PaintGarage"),
        f"{NS}#GetCar": operation("GetCar"),
        f"{NS}#CountCars": operation("CountCars"),
        f"{NS}#Retired": operation("Retired"),
        f"{NS}#PingInput": structure(),
        f"{NS}#CreateGarageInput": structure(size="Size"),
        f"{NS}#GetGarageInput": structure(garageId="GarageId"),
        f"{NS}#DeleteGarageInput": structure(id=("GarageId", rename_trait)),
        f"{NS}#ListGaragesInput": structure(),
        f"{NS}#PaintGarageInput": structure(garageId="GarageId", colour="smithy.api#String"),
        f"{NS}#GetCarInput": structure(garageId="GarageId", carId="CarId"),
        f"{NS}#CountCarsInput": structure(garageId="GarageId"),
        f"{NS}#Denied": {"type": "structure", "members": {}, "traits": {"smithy.api#error": "client"}},
        f"{NS}#GarageId": {"type": "string"},
        f"{NS}#CarId": {"type": "string"},
        f"{NS}#Size": {"type": "integer"},
        f"{NS}#CarArn": {"type": "string", "traits": {"aws.api#arnReference": {
            "type": "AWS::Widgets::Car", "resource": f"{NS}#Car"}}},
        f"{NS}#RoleArn": {"type": "string", "traits": {"aws.api#arnReference": {
            "type": "AWS::IAM::Role", "service": "com.amazonaws.iam#AWSIdentityManagementV20100508"}}},
    }  # fmt: skip


def widgets_botocore_model() -> ServiceModel:
    """botocore's JSON model of the same service, with a member and an operation Smithy lacks."""
    shapes: dict[str, Any] = {
        "GarageId": {"type": "string"}, "CarId": {"type": "string"},
        "Size": {"type": "integer"}, "String": {"type": "string"},
    }  # fmt: skip
    members = {
        "Ping": {}, "CreateGarage": {"size": "Size"}, "GetGarage": {"garageId": "GarageId"},
        "DeleteGarage": {"id": "GarageId"}, "ListGarages": {"maxResults": "Size"},
        "PaintGarage": {"garageId": "GarageId", "colour": "String"},
        "GetCar": {"garageId": "GarageId", "carId": "CarId"}, "CountCars": {"garageId": "GarageId"},
        "LegacyPing": {},  # botocore only
    }  # fmt: skip
    operations = {}
    for name, fields in members.items():
        shapes[f"{name}Request"] = {
            "type": "structure", "members": {m: {"shape": s} for m, s in fields.items()}
        }  # fmt: skip
        operations[name] = {"name": name, "http": {"method": "POST", "requestUri": "/"},
                            "input": {"shape": f"{name}Request"}}  # fmt: skip
    metadata = {"apiVersion": "2024-01-01", "protocol": "json", "serviceId": "Widgets",
                "endpointPrefix": "widgets", "jsonVersion": "1.1", "targetPrefix": "Widgets",
                "signatureVersion": "v4"}  # fmt: skip
    return ServiceModel({"metadata": metadata, "operations": operations, "shapes": shapes},
                        service_name="widgets")  # fmt: skip
