FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

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
CMD ["gunicorn", "-c", "python:quizsite.gunicorn", "quizsite.wsgi"]
