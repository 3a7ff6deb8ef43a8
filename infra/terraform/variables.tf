# --- general ----------------------------------------------------------------

variable "region" {
  description = "AWS region to deploy into."
  type        = string
}

variable "name" {
  description = "Name prefix for every resource."
  type        = string
  default     = "hansa"
}

variable "environment" {
  description = "Environment name, appended to the name prefix (e.g. production, staging)."
  type        = string
  default     = "production"
}

variable "deletion_protection" {
  description = "Protect the load balancer and database from deletion. Turn off only to tear an environment down."
  type        = bool
  default     = true
}

# --- network ----------------------------------------------------------------

variable "vpc_cidr" {
  description = "CIDR block of the VPC; split into two public and two private /20 subnets."
  type        = string
  default     = "10.40.0.0/16"
}

variable "allowed_ingress_cidrs" {
  description = "CIDR blocks allowed to reach the load balancer on ports 80 and 443."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

# --- application ------------------------------------------------------------

variable "image" {
  description = "Container image for web, worker and migrate: a repository URI pinned by an immutable tag or digest (e.g. a git SHA tag)."
  type        = string
}

variable "ecr_repository_arn" {
  description = "ARN of the ECR repository holding the image; the task execution role may pull only from it. Defaults to every repository of this account in this region."
  type        = string
  default     = null
}

variable "certificate_arn" {
  description = "ARN of the ACM certificate for the HTTPS listener (must be in the same region)."
  type        = string
}

variable "cpu_architecture" {
  description = "CPU architecture of the image: X86_64 or ARM64."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "web_desired_count" {
  description = "Number of web tasks."
  type        = number
  default     = 2
}

variable "web_cpu" {
  description = "CPU units per web task (1024 = 1 vCPU)."
  type        = number
  default     = 512
}

variable "web_memory" {
  description = "Memory (MiB) per web task."
  type        = number
  default     = 1024
}

variable "worker_desired_count" {
  description = "Number of worker tasks."
  type        = number
  default     = 2
}

variable "worker_cpu" {
  description = "CPU units per worker task."
  type        = number
  default     = 512
}

variable "worker_memory" {
  description = "Memory (MiB) per worker task."
  type        = number
  default     = 1024
}

variable "migrate_cpu" {
  description = "CPU units of the one-off migrate task."
  type        = number
  default     = 512
}

variable "migrate_memory" {
  description = "Memory (MiB) of the one-off migrate task."
  type        = number
  default     = 1024
}

variable "extra_environment" {
  description = "Additional plain environment variables for all containers (e.g. HANSA_SEARCH_BACKEND)."
  type        = map(string)
  default     = {}
}

variable "extra_secrets" {
  description = "Additional secret environment variables for all containers: name => full Secrets Manager secret ARN (e.g. HANSA_STRIPE_SECRET_KEY, HANSA_SMTP_URL)."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for arn in values(var.extra_secrets) : can(regex("^arn:[^:]+:secretsmanager:[^:]+:[0-9]{12}:secret:[^:]+$", arn))])
    error_message = "Each extra_secrets value must be a full Secrets Manager secret ARN (no JSON key suffix)."
  }
}

variable "log_retention_days" {
  description = "Retention of the CloudWatch log groups."
  type        = number
  default     = 90
}

# --- database ---------------------------------------------------------------

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.m7g.large"
}

variable "db_allocated_storage" {
  description = "Initial storage (GiB)."
  type        = number
  default     = 100
}

variable "db_max_allocated_storage" {
  description = "Upper limit (GiB) for storage autoscaling."
  type        = number
  default     = 500
}

variable "db_multi_az" {
  description = "Run a synchronous standby in a second AZ."
  type        = bool
  default     = true
}

variable "db_backup_retention_days" {
  description = "Days of automated backups (point-in-time recovery window)."
  type        = number
  default     = 14
}

# --- redis ------------------------------------------------------------------

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
  default     = "cache.m7g.large"
}

variable "redis_num_cache_clusters" {
  description = "Nodes in the replication group (1 primary + replicas). 2 or more enables automatic failover across AZs."
  type        = number
  default     = 2
}

# --- files ------------------------------------------------------------------

variable "files_bucket_name" {
  description = "Name of the S3 bucket for uploaded files; defaults to <name>-<environment>-files-<account id>."
  type        = string
  default     = null
}

variable "files_noncurrent_version_days" {
  description = "Days after which overwritten or deleted file versions are removed."
  type        = number
  default     = 90
}
