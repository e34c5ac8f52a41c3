#!/usr/bin/env bash
# Deploy a packaged stage: infra/deploy.sh STAGE BUILD_DIR  (run `make package STAGE=...` first, or `make deploy`).
# Needs AWS credentials for the target account/region (cn-north-1 / cn-northwest-1 for the China partition) and an
# artifact bucket in DEPLOY_BUCKET.
set -euo pipefail
stage="${1:?stage}"
build="${2:?build dir}"
: "${DEPLOY_BUCKET:?set DEPLOY_BUCKET to an S3 bucket for the deployment package}"
stack="${STACK_NAME:-smartcommunity-$stage}"
aws cloudformation package --template-file "$build/sam.json" --s3-bucket "$DEPLOY_BUCKET" \
  --output-template-file "$build/packaged.yaml"
aws cloudformation deploy --template-file "$build/packaged.yaml" --stack-name "$stack" \
  --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --parameter-overrides "Stage=$stage"
