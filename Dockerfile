# booking-sandbox: the stateful mock of the booking APIs, on port 8000.
#   docker build -t booking-sandbox .
#   docker run -p 8000:8000 booking-sandbox
#   docker run -p 8000:8000 -v sandbox-data:/data -e BOOKING_SANDBOX_DB=/data/sandbox.db booking-sandbox
#   docker run --network host booking-sandbox booking-sandbox contract --api merchant --base-url URL
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    BOOKING_SANDBOX_HOST=0.0.0.0 \
    BOOKING_SANDBOX_PORT=8000

WORKDIR /src
COPY pyproject.toml README.md ./
COPY mockserver ./mockserver
COPY contract_tests ./contract_tests
COPY openapi ./openapi
COPY fixtures ./fixtures
# With the contract kit's extras, so the image can also check a deployment, and the
# PostgreSQL driver, for a team sandbox (compose.yaml).
RUN pip install ".[contract,postgresql]" && rm -rf /src

RUN useradd --create-home --uid 10001 sandbox && mkdir /data && chown sandbox /data
USER sandbox
WORKDIR /home/sandbox
EXPOSE 8000

HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/_sandbox/health', timeout=2).status == 200 else 1)"

CMD ["booking-sandbox", "serve"]
