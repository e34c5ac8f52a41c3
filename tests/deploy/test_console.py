"""The duty-room console in the packaged template and in `make deploy`.

- A private bucket (all public access blocked, encrypted, TLS only) that only CloudFront reads: through origin access
  control in the aws partition, an origin access identity in aws-cn (no OriginAccessControl in China's schemas).
- The distribution: index.html at the root, HTTPS only, /v1/* forwarded to the API's stage uncached with the
  Authorization header, no custom error responses (they would mask the API's 403/404; the console routes by hash).
- The outputs the deploy publishes with, and the upload itself (content types, cache headers, index.html last,
  console-config.json with the live channel's URL) against moto's S3; the refusal of a deploy without a built console.

cfn-lint for both partitions and the stack create in moto: tests/deploy/test_template.py, test_stack_create.py (moto
has no CloudFormation model for the bucket policy or the CloudFront resources: listed there in MOTO_CANNOT).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from infra import console_upload, lint

NO_VALUE = object()


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return dict(json.loads(lint.packaged("prod").read_text()))


def resolved(value: Any, template: dict[str, Any], partition: str) -> Any:
    """`value` with the template's conditions (on AWS::Partition) evaluated for `partition`."""

    def condition(name: str) -> bool:
        return bool(evaluate(template["Conditions"][name]))

    def evaluate(expr: Any) -> Any:
        if isinstance(expr, dict) and len(expr) == 1:
            [(key, args)] = expr.items()
            if key == "Fn::Equals":
                left, right = (partition if a == {"Ref": "AWS::Partition"} else a for a in args)
                return left == right
            if key == "Fn::Not":
                return not evaluate(args[0])
            if key == "Condition":
                return condition(args)
        return expr

    def walk(v: Any) -> Any:
        if isinstance(v, list):
            return [w for w in (walk(x) for x in v) if w is not NO_VALUE]
        if isinstance(v, dict):
            if set(v) == {"Fn::If"}:
                name, yes, no = v["Fn::If"]
                return walk(yes if condition(name) else no)
            if v == {"Ref": "AWS::NoValue"}:
                return NO_VALUE
            return {k: w for k, w in ((k, walk(x)) for k, x in v.items()) if w is not NO_VALUE}
        return v

    return walk(value)


def created(template: dict[str, Any], partition: str) -> dict[str, Any]:
    resources = template["Resources"]
    return {
        logical: resolved(res, template, partition)
        for logical, res in resources.items()
        if "Condition" not in res or resolved({"Fn::If": [res["Condition"], True, False]}, template, partition)
    }


def test_the_console_bucket_is_private_encrypted_and_tls_only(template: dict[str, Any]) -> None:
    bucket = template["Resources"]["ConsoleBucket"]
    props = bucket["Properties"]
    assert set(props["PublicAccessBlockConfiguration"].values()) == {True}
    assert len(props["PublicAccessBlockConfiguration"]) == 4
    [rule] = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms")
    assert props["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]  # no ACLs
    assert "WebsiteConfiguration" not in props, "never an S3 website endpoint (that one is public)"
    policy = template["Resources"]["ConsoleBucketPolicy"]["Properties"]
    assert policy["Bucket"] == {"Ref": "ConsoleBucket"}
    [tls] = [s for s in policy["PolicyDocument"]["Statement"] if s.get("Effect") == "Deny"]
    assert tls["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} and tls["Action"] == "s3:*"
    assert {"Fn::Sub": "${ConsoleBucket.Arn}/*"} in tls["Resource"]


@pytest.mark.parametrize("partition", ["aws", "aws-cn"])
def test_only_the_distribution_reads_the_bucket_through_the_partitions_origin_access(
    template: dict[str, Any], partition: str
) -> None:
    resources = created(template, partition)
    oac, oai = "ConsoleOriginAccessControl" in resources, "ConsoleOriginAccessIdentity" in resources
    assert (oac, oai) == ((True, False) if partition == "aws" else (False, True))
    statements = resources["ConsoleBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    [allow] = [s for s in statements if s["Effect"] == "Allow"]
    assert allow["Action"] == "s3:GetObject" and allow["Resource"] == {"Fn::Sub": "${ConsoleBucket.Arn}/*"}
    [origin] = [o for o in resources["ConsoleDistribution"]["Properties"]["DistributionConfig"]["Origins"]
                if o["Id"] == "console"]  # fmt: skip
    assert origin["DomainName"] == {"Fn::GetAtt": ["ConsoleBucket", "RegionalDomainName"]}
    if partition == "aws":
        assert allow["Principal"] == {"Service": "cloudfront.amazonaws.com"}
        source = allow["Condition"]["StringEquals"]["AWS:SourceArn"]["Fn::Sub"]
        assert source.endswith(":distribution/${ConsoleDistribution}") and source.startswith("arn:${AWS::Partition}")
        assert origin["OriginAccessControlId"] == {"Fn::GetAtt": ["ConsoleOriginAccessControl", "Id"]}
        assert origin["S3OriginConfig"]["OriginAccessIdentity"] == ""
        config = resources["ConsoleOriginAccessControl"]["Properties"]["OriginAccessControlConfig"]
        assert (config["OriginAccessControlOriginType"], config["SigningBehavior"]) == ("s3", "always")
    else:
        assert allow["Principal"] == {
            "CanonicalUser": {"Fn::GetAtt": ["ConsoleOriginAccessIdentity", "S3CanonicalUserId"]}
        }
        assert "OriginAccessControlId" not in origin
        assert origin["S3OriginConfig"]["OriginAccessIdentity"] == {
            "Fn::Sub": "origin-access-identity/cloudfront/${ConsoleOriginAccessIdentity}"
        }


def test_the_distribution_serves_the_page_over_https_and_forwards_the_api_uncached(template: dict[str, Any]) -> None:
    config = template["Resources"]["ConsoleDistribution"]["Properties"]["DistributionConfig"]
    assert config["DefaultRootObject"] == "index.html" and config["Enabled"] is True
    default = config["DefaultCacheBehavior"]
    assert default["TargetOriginId"] == "console" and default["ViewerProtocolPolicy"] == "redirect-to-https"
    assert default["AllowedMethods"] == ["GET", "HEAD"]
    [api] = config["CacheBehaviors"]
    assert api["PathPattern"] == "/v1/*" and api["TargetOriginId"] == "api"
    assert api["ViewerProtocolPolicy"] in ("https-only", "redirect-to-https")
    assert {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"} <= set(api["AllowedMethods"])
    assert (api["MinTTL"], api["DefaultTTL"], api["MaxTTL"]) == (0, 0, 0), "the API is never cached"
    forwarded = api["ForwardedValues"]
    assert forwarded["QueryString"] is True
    assert {"Authorization", "Accept-Language", "Content-Type", "X-HTTP-Method-Override"} <= set(forwarded["Headers"])
    assert "Host" not in forwarded["Headers"], "API Gateway answers only to its own host name"
    [origin] = [o for o in config["Origins"] if o["Id"] == "api"]
    assert origin["DomainName"] == {"Fn::Sub": "${RestAPI}.execute-api.${AWS::Region}.${AWS::URLSuffix}"}
    assert origin["OriginPath"] == "/api"  # chalice's stage: /v1/health -> /api/v1/health
    assert template["Resources"]["RestAPI"]["Type"] == "AWS::Serverless::Api"
    assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"


def test_no_error_page_masks_the_api_and_the_console_routes_by_hash(template: dict[str, Any]) -> None:
    """The SPA fallback: CloudFront's custom error responses (403/404 -> /index.html 200) would apply to the /v1/*
    origin too and turn the API's JSON errors into the page. The console's router works on the URL's hash, so every
    page is /index.html (the default root object) and a reload never asks S3 for a path it does not have."""
    config = template["Resources"]["ConsoleDistribution"]["Properties"]["DistributionConfig"]
    assert "CustomErrorResponses" not in config
    router = (lint.ROOT / "console" / "src" / "router.ts").read_text()
    assert "createWebHashHistory()" in router and "createWebHistory(" not in router


def test_the_outputs_give_the_console_url_and_what_make_deploy_publishes_with(template: dict[str, Any]) -> None:
    outputs = template["Outputs"]
    assert console_upload.template_problems(template) == []
    assert outputs["ConsoleUrl"]["Value"] == {"Fn::Sub": "https://${ConsoleDistribution.DomainName}/"}
    assert outputs["ConsoleBucketName"]["Value"] == {"Ref": "ConsoleBucket"}
    assert outputs["ConsoleDistributionId"]["Value"] == {"Ref": "ConsoleDistribution"}
    live = outputs["LiveSocketUrl"]["Value"]["Fn::Sub"]
    assert live == "wss://${LiveSocketApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/live"
    stage = template["Resources"]["LiveSocketStage"]["Properties"]
    assert stage["StageName"] == "live" and stage["ApiId"] == {"Ref": "LiveSocketApi"}
    assert console_upload.template_problems({"Outputs": {}}) != []


def fake_dist(root: Path) -> Path:
    """A small built console, as Vite writes it."""
    dist = root / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text('<script type="module" src="/assets/index-AbC123_x.js"></script>')
    (dist / "assets" / "index-AbC123_x.js").write_text("console.log(1)")
    (dist / "assets" / "index-Zz9_8-7y.css").write_text("body{}")
    (dist / "assets" / "AlarmBoard-q1W2e3R4.js").write_text("export{}")
    (dist / "favicon.svg").write_text("<svg/>")
    return dist


def test_cache_headers_and_content_types_per_file() -> None:
    assert console_upload.cache_control("index.html") == "no-cache"
    assert console_upload.cache_control("console-config.json") == "no-cache"
    assert console_upload.cache_control("assets/index-AbC123_x.js") == "public, max-age=31536000, immutable"
    assert console_upload.cache_control("favicon.svg") == "public, max-age=3600"
    assert console_upload.cache_control("assets/logo.png") == "public, max-age=3600"  # not content-addressed
    assert console_upload.content_type("assets/a-12345678.js") == "text/javascript; charset=utf-8"
    assert console_upload.content_type("assets/a-12345678.css") == "text/css; charset=utf-8"
    assert console_upload.content_type("index.html") == "text/html; charset=utf-8"
    assert console_upload.content_type("assets/x-12345678.woff2") == "font/woff2"
    assert console_upload.content_type("favicon.svg") == "image/svg+xml"


def test_upload_puts_every_file_with_its_type_and_cache_header_index_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dist = fake_dist(tmp_path)
    for key in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        s3 = boto3.client("s3", region_name="cn-north-1")
        s3.create_bucket(Bucket="console", CreateBucketConfiguration={"LocationConstraint": "cn-north-1"})
        written = console_upload.upload(s3, "console", dist, {"liveUrl": "wss://x.example/live"})
        assert written[-2:] == ["console-config.json", "index.html"], "the page last: it names the assets"
        assert sorted(written) == sorted(
            ["assets/AlarmBoard-q1W2e3R4.js", "assets/index-AbC123_x.js", "assets/index-Zz9_8-7y.css",
             "console-config.json", "favicon.svg", "index.html"]
        )  # fmt: skip
        expected = {
            "index.html": ("text/html; charset=utf-8", "no-cache"),
            "console-config.json": ("application/json; charset=utf-8", "no-cache"),
            "assets/index-AbC123_x.js": ("text/javascript; charset=utf-8", "public, max-age=31536000, immutable"),
            "assets/index-Zz9_8-7y.css": ("text/css; charset=utf-8", "public, max-age=31536000, immutable"),
            "assets/AlarmBoard-q1W2e3R4.js": ("text/javascript; charset=utf-8", "public, max-age=31536000, immutable"),
            "favicon.svg": ("image/svg+xml", "public, max-age=3600"),
        }
        for key, (kind, cache) in expected.items():
            head = s3.head_object(Bucket="console", Key=key)
            assert (head["ContentType"], head["CacheControl"]) == (kind, cache), key
        body = s3.get_object(Bucket="console", Key="console-config.json")["Body"].read()
        assert json.loads(body) == {"liveUrl": "wss://x.example/live"}
        assert s3.get_object(Bucket="console", Key="assets/index-AbC123_x.js")["Body"].read() == b"console.log(1)"


def test_make_deploy_refuses_a_stage_without_a_built_console(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import infra.deploy as deploying
    from tests.deploy.test_operations import filled

    monkeypatch.setattr(console_upload, "DIST", tmp_path / "dist")  # never built
    assert console_upload.dist_problems(tmp_path / "dist") != []
    assert console_upload.dist_problems(fake_dist(tmp_path / "built")) == []
    for key in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "DEPLOY_BUCKET"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    ready = filled(deploying.stage_settings("dev"))
    monkeypatch.setattr(deploying, "stage_settings", lambda stage: ready)
    monkeypatch.setattr(deploying, "account_concurrency_limit", lambda lam: 1000)
    monkeypatch.setattr(deploying, "app_version", lambda: "v1.4.0")
    with mock_aws():
        assert deploying.main(["--stage", "dev", "--region", "cn-north-1", "--yes"]) == 1
    err = capsys.readouterr().err
    assert "REFUSED: " in err and "make console" in err
    assert "ICP" in err  # China: the distribution needs an ICP-filed domain (a warning)


def test_publish_refuses_a_stack_without_the_console_outputs(tmp_path: Path) -> None:
    said: list[str] = []
    assert console_upload.publish(None, {"ConsoleBucketName": "b"}, fake_dist(tmp_path), said.append) == 1
    assert any("LiveSocketUrl" in line for line in said)
