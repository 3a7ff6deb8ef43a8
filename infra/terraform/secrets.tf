# Connection URLs are assembled here from the generated credentials and stored
# in Secrets Manager; ECS injects them into the containers at start, so they
# never appear in task definitions. Tasks read them only when they start: after
# a secret changes, force a new deployment of both services.

resource "aws_secretsmanager_secret" "database_url" {
  name        = "${local.name}/database-url"
  description = "HANSA_DATABASE_URL for ${local.name}"
}

resource "aws_secretsmanager_secret_version" "database_url" {
  secret_id = aws_secretsmanager_secret.database_url.id
  secret_string = format(
    "postgresql://%s:%s@%s:%d/%s?sslmode=require",
    aws_db_instance.main.username,
    random_password.db.result,
    aws_db_instance.main.address,
    aws_db_instance.main.port,
    aws_db_instance.main.db_name,
  )
}

resource "aws_secretsmanager_secret" "redis_url" {
  name        = "${local.name}/redis-url"
  description = "HANSA_REDIS_URL for ${local.name}"
}

resource "aws_secretsmanager_secret_version" "redis_url" {
  secret_id = aws_secretsmanager_secret.redis_url.id
  secret_string = format(
    "rediss://:%s@%s:%d/0",
    random_password.redis.result,
    aws_elasticache_replication_group.main.primary_endpoint_address,
    aws_elasticache_replication_group.main.port,
  )
}
