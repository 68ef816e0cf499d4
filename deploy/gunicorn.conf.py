"""gunicorn settings of one daihoi app server (docs/deployment.md).

    gunicorn -c /opt/daihoi/deploy/gunicorn.conf.py daihoi.wsgi:application

Each app server of a province runs this with its own DAIHOI_BIND (127.0.0.1:8001, :8002, :8003 on one
machine; 0.0.0.0:8000 on separate machines behind the balancer). Everything else they share comes from
the environment file (deploy/env.example): DATABASE_URL, DAIHOI_REDIS_URL, the keys.
"""

import multiprocessing
import os

bind = os.environ.get("DAIHOI_BIND", "127.0.0.1:8001")
# Threaded workers: a request mostly waits on PostgreSQL. 2 processes x 8 threads per app server suits a
# 2-core machine running three of them; on a machine of its own, workers = cores.
workers = int(os.environ.get("DAIHOI_WORKERS", min(2, multiprocessing.cpu_count())))
threads = int(os.environ.get("DAIHOI_THREADS", 8))
worker_class = "gthread"
# A request longer than this is killed (a document render on a slow disk is the longest, ~30 s).
timeout = int(os.environ.get("DAIHOI_TIMEOUT", 120))
# On SIGTERM (systemctl stop/restart) workers finish the requests they hold for up to this long.
graceful_timeout = int(os.environ.get("DAIHOI_GRACEFUL_TIMEOUT", 30))
# The balancer keeps connections open; a little longer than its idle timeout on the server side.
keepalive = 5
# Each worker is replaced after this many requests (with jitter): no slow leak lives all day.
max_requests = int(os.environ.get("DAIHOI_MAX_REQUESTS", 20000))
max_requests_jitter = max_requests // 10
# The application is loaded in each worker, after the fork: each opens its own database connections.
preload_app = False
accesslog = os.environ.get("DAIHOI_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("DAIHOI_GUNICORN_LOG_LEVEL", "warning")
# The balancer is on this machine or the private network; it sets X-Forwarded-Proto / X-Real-IP.
forwarded_allow_ips = os.environ.get("DAIHOI_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "daihoi-" + bind.rsplit(":", 1)[-1]
control_socket_disable = True
