# Every page module adds its routes to routing.py's table: importing any of the desk's web modules
# loads them all (app.py imports the page modules; they import routing.py, never app.py).
from leadcapture.desk.web import app as _app  # noqa: F401
