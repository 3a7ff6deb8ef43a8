output "alb_dns_name" {
  description = "DNS name of the load balancer; point the site's domain at it (CNAME or Route 53 alias)."
  value       = aws_lb.main.dns_name
}

output "alb_zone_id" {
  description = "Hosted zone id of the load balancer, for a Route 53 alias record."
  value       = aws_lb.main.zone_id
}

output "vpc_id" {
  value = aws_vpc.main.id
}

output "private_subnet_ids" {
  value = aws_subnet.private[*].id
}

output "ecs_cluster_name" {
  value = aws_ecs_cluster.main.name
}

output "web_service_name" {
  value = aws_ecs_service.web.name
}

output "worker_service_name" {
  value = aws_ecs_service.worker.name
}

output "migrate_task_definition_arn" {
  description = "Revision of the migrate task definition for the current image."
  value       = aws_ecs_task_definition.app["migrate"].arn
}

output "migrate_security_group_id" {
  description = "Security group for the migrate task (the worker group: database and Redis access, no ingress)."
  value       = aws_security_group.worker.id
}

output "migrate_run_task_command" {
  description = "AWS CLI command that starts the migrate task and prints its task ARN."
  value = join(" ", [
    "aws ecs run-task",
    "--region ${var.region}",
    "--cluster ${aws_ecs_cluster.main.name}",
    "--task-definition ${aws_ecs_task_definition.app["migrate"].arn}",
    "--launch-type FARGATE",
    "--started-by deploy-migrate",
    "--network-configuration 'awsvpcConfiguration={subnets=[${join(",", aws_subnet.private[*].id)}],securityGroups=[${aws_security_group.worker.id}],assignPublicIp=DISABLED}'",
    "--query 'tasks[0].taskArn' --output text",
  ])
}

output "files_bucket_name" {
  value = aws_s3_bucket.files.bucket
}

output "db_endpoint" {
  value = aws_db_instance.main.endpoint
}

output "redis_primary_endpoint" {
  value = aws_elasticache_replication_group.main.primary_endpoint_address
}

output "database_url_secret_arn" {
  value = aws_secretsmanager_secret.database_url.arn
}

output "redis_url_secret_arn" {
  value = aws_secretsmanager_secret.redis_url.arn
}

output "log_groups" {
  value = { for k, g in aws_cloudwatch_log_group.app : k => g.name }
}
