"""JSON bodies the API can read without running out of stack.

Python's JSON decoder recurses once per nesting level: a body of 100 000 ``[`` raised
RecursionError (500). Decoding errors of that kind and bodies nested deeper than any request
of this API needs are refused with 400.
"""


from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# The deepest real body is a document section (a table of rows of cells) inside the
# request: five or six levels. Room to spare, far below the interpreter's recursion limit.
MAX_DEPTH = 32


def too_deep(value, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = MAX_DEPTH
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(f"JSON parse error - nested deeper than {limit} levels.") from exc
        if too_deep(data, limit):
            raise ParseError(f"JSON parse error - nested deeper than {limit} levels.")
        return data
