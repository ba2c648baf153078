# Participe's production image: gunicorn on PostgreSQL, configured from the environment.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN python -m venv /venv
COPY pyproject.toml README.md ./
RUN /venv/bin/pip install .
COPY . .
# collectstatic needs settings, not secrets: a throwaway key is enough at build time.
RUN DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=localhost \
    /venv/bin/python manage.py collectstatic --no-input

FROM python:3.11-slim-bookworm
ENV PATH="/venv/bin:$PATH" PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin participe
WORKDIR /app
COPY --from=build /venv /venv
COPY --from=build --chown=participe:participe /app /app
USER participe
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
