# The manager's pages (issue 22) add their routes to app.py's table: importing any of the desk's web
# modules loads them (web/manager.py imports app.py, never the other way round).
from leadcapture.desk.web import manager as _manager  # noqa: F401
