"""The business: entities, rules and services. Pure Python: no boto3, no HTTP, no Chalice, no PynamoDB."""
