"""Non-HTTP entry points: Step Functions tasks, IoT rule targets, SQS consumers, schedules."""
