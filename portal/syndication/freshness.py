"""How fresh published content is: the dates a sitemap, a feed and a data file carry."""


def newest(items):
    """The latest ``updated`` date among ``items``, or None when there are none."""
    return max((item.updated for item in items), default=None)


def newest_of(content, sections):
    """The latest ``updated`` date in ``sections`` (folder names), kept per content version."""
    def build():
        return newest(bundle.items["zh"] for (section, _), bundle in content.bundles.items()
                      if section in sections)
    return content.derived(("newest", tuple(sections)), build)
