"""Hello world in Flask, served exactly like the app: the baseline every rate is divided by."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
