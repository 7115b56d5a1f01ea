FROM python:3.11-slim

# Pango and HarfBuzz for WeasyPrint (subset library: much faster PDF fonts).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home mystery
WORKDIR /app
COPY pyproject.toml setup.py README.md ./
COPY mystery ./mystery
COPY migrations ./migrations
COPY templates ./templates
COPY web ./web
RUN pip install --no-cache-dir . && mkdir -p /app/instance && chown -R mystery /app/instance

USER mystery
ENV MYSTERY_INSTANCE_PATH=/app/instance FLASK_APP=mystery
EXPOSE 8000
# Migrations on start, then gunicorn.
CMD ["sh", "-c", "flask db upgrade && exec gunicorn --bind 0.0.0.0:8000 --workers 4 'mystery:create_app()'"]
