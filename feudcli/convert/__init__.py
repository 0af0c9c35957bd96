"""Converting between scripts: OpenCC's configs run the way OpenCC runs
them, whole articles (front matter edited in place, Markdown's code and
links kept), language tags, and writes that are atomic and stay inside
their directory."""
