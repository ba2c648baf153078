# Participe's production image: gunicorn on PostgreSQL, every setting from the environment.
# Build stage: dependencies and static files, with build tools that never reach production.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
RUN python -m venv /venv
COPY pyproject.toml README.md ./
RUN /venv/bin/pip install --no-cache-dir .
COPY . .
# collectstatic needs settings, not secrets: a throwaway key is enough at build time. The
# manifest it writes lets whitenoise serve hashed, compressed, long-cached files.
RUN DJANGO_SECRET_KEY=build-only-not-a-secret DJANGO_ALLOWED_HOSTS=localhost \
    /venv/bin/python manage.py collectstatic --no-input

# Runtime stage: the virtualenv, the code and the collected static files, owned by root and
# run by an unprivileged user, so the process cannot rewrite its own code.
FROM python:3.11-slim-bookworm
ENV PATH="/venv/bin:$PATH" PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PORT=8000
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin participe
WORKDIR /app
COPY --from=build /venv /venv
COPY --from=build /app /app
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "bin/healthcheck"]
# gunicorn.conf.py reads the port and worker count from the environment.
CMD ["gunicorn", "config.wsgi:application"]
