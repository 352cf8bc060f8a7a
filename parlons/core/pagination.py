"""Numbered pages of a list, shared by every list that pages (template: core/_pagination.html)."""

from django.core.paginator import Paginator

PAGE_SIZE = 20


def paginate(request, items, per_page: int = PAGE_SIZE, *, count: int | None = None) -> dict:
    """The page asked for in `?page=` and what core/_pagination.html needs to link the others.

    `count`, when the caller knows it already (a kept counter), saves the COUNT query.
    A page number out of range or not a number shows the nearest page: never an error.
    """
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": page,
        # 1 … 4 5 [6] 7 8 … 50: the first and last pages, and two on each side.
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "ellipsis": paginator.ELLIPSIS,
        "query": query.urlencode(),
    }
