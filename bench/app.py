"""The app as gunicorn serves it, plus two routes that give the benchmark its baselines.

`/bench/insert` only inserts one row (the ceiling for this server and database),
`/bench/constant` only returns a constant (the ceiling for the server alone). They
exist in this module only, never in the product.
"""

from sqlalchemy import text

from pledge import create_app
from pledge.extensions import csrf, db

app = create_app()


@app.post("/bench/insert")
@csrf.exempt
def bench_insert():
    db.session.execute(text("INSERT INTO bench_rows (payload) VALUES (:payload)"), {"payload": "x" * 64})
    db.session.commit()
    return "ok"


@app.get("/bench/constant")
def bench_constant():
    return "ok"
