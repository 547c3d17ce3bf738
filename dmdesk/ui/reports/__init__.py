"""The report's room (Go → Reports, ``g r``): how fast the shop answers, messages
per day, when customers write, and who waited longest."""
