from rest_framework.pagination import PageNumberPagination

from portfolio.validators import parse_whole_number


class PortfolioPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        # DRF silently falls back to the default for "²" or "-3"; a client that asked for a
        # page size it cannot have is told so (400 naming the parameter).
        size = parse_whole_number(request.query_params.get(self.page_size_query_param),
                                  field=self.page_size_query_param, minimum=1)
        return self.page_size if size is None else min(size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        number = request.query_params.get(self.page_query_param)
        if number not in self.last_page_strings:
            parse_whole_number(number, field=self.page_query_param, minimum=1)
        return super().paginate_queryset(queryset, request, view)
