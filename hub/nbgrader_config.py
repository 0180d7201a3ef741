"""nbgrader's settings for every user of the hub: the course and its exchange.

On a server, this is ``/etc/jupyter/nbgrader_config.py`` (or a folder on every user's
``JUPYTER_CONFIG_PATH``, as ``hub/jupyterhub_config.py`` sets). ``hub/start.py`` copies it into
the hub's ``jupyter/common/`` folder with the exchange of the test hub in place of the default
below. The course folder's own ``nbgrader_config.py`` (the repository's) says the rest.
"""

c = get_config()  # noqa: F821 -- provided by traitlets when nbgrader loads this file

c.CourseDirectory.course_id = "ai-medicine"
# The shared folder through which assignments, submissions and feedback travel: it exists and
# every user can write to it (mode 0777, as nbgrader's documentation says).
c.Exchange.root = "/usr/local/share/nbgrader/exchange"
