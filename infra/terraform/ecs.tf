# One image, three task definitions: web (behind the ALB), worker (Dramatiq
# consumers and periodic actors) and migrate (one-off, run by the deploy
# before the services are updated; see README.md).

locals {
  tasks = {
    web = {
      command      = ["hansa", "serve"]
      cpu          = var.web_cpu
      memory       = var.web_memory
      stop_timeout = 30
    }
    worker = {
      command      = ["hansa", "worker"]
      cpu          = var.worker_cpu
      memory       = var.worker_memory
      stop_timeout = 120 # let running jobs finish after SIGTERM (Fargate maximum)
    }
    migrate = {
      command      = ["hansa", "migrate"]
      cpu          = var.migrate_cpu
      memory       = var.migrate_memory
      stop_timeout = 30
    }
  }

  # Fixed values come last so extra_environment cannot override them.
  app_environment = merge(var.extra_environment, {
    HANSA_ENV           = "production"
    HANSA_FILES_BACKEND = "s3"
    HANSA_S3_BUCKET     = aws_s3_bucket.files.bucket
    HANSA_S3_REGION     = var.region
    HANSA_HOST          = "0.0.0.0"
    HANSA_PORT          = tostring(local.app_port)
    AWS_REGION          = var.region
    # The ALB's nodes live in the public subnets: only their X-Forwarded-For is believed
    # (the per-IP login limit needs the real client address, docs/deployment.md).
    HANSA_TRUSTED_PROXIES = join(",", aws_subnet.public[*].cidr_block)
  })

  app_secrets = merge(var.extra_secrets, {
    HANSA_DATABASE_URL = aws_secretsmanager_secret.database_url.arn
    HANSA_REDIS_URL    = aws_secretsmanager_secret.redis_url.arn
  })
}

resource "aws_ecs_cluster" "main" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_cloudwatch_log_group" "app" {
  for_each = local.tasks

  name              = "/ecs/${local.name}/${each.key}"
  retention_in_days = var.log_retention_days
}

resource "aws_ecs_task_definition" "app" {
  for_each = local.tasks

  family                   = "${local.name}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = each.value.cpu
  memory                   = each.value.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  container_definitions = jsonencode([
    {
      name        = each.key
      image       = var.image
      command     = each.value.command
      essential   = true
      stopTimeout = each.value.stop_timeout

      portMappings = each.key == "web" ? [
        { containerPort = local.app_port, protocol = "tcp" }
      ] : []

      environment = [for k, v in local.app_environment : { name = k, value = v }]
      secrets     = [for k, v in local.app_secrets : { name = k, valueFrom = v }]

      linuxParameters = {
        initProcessEnabled = true # forward SIGTERM and reap children
      }

      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.app[each.key].name
          awslogs-region        = var.region
          awslogs-stream-prefix = each.key
        }
      }
    }
  ])
}

resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.app["web"].arn
  desired_count   = var.web_desired_count
  launch_type     = "FARGATE"

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = 60
  wait_for_steady_state              = true
  propagate_tags                     = "SERVICE"

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.web.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.web.arn
    container_name   = "web"
    container_port   = local.app_port
  }

  depends_on = [
    aws_lb_listener.https,
    aws_iam_role_policy.execution,
    aws_secretsmanager_secret_version.database_url,
    aws_secretsmanager_secret_version.redis_url,
  ]
}

resource "aws_ecs_service" "worker" {
  name            = "worker"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.app["worker"].arn
  desired_count   = var.worker_desired_count
  launch_type     = "FARGATE"

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  wait_for_steady_state              = true
  propagate_tags                     = "SERVICE"

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.worker.id]
    assign_public_ip = false
  }

  depends_on = [
    aws_iam_role_policy.execution,
    aws_secretsmanager_secret_version.database_url,
    aws_secretsmanager_secret_version.redis_url,
  ]
}
