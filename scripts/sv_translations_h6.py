SV = {
    "This agenda item names no project.": "Ärendet på föredragningslistan anger inget projekt.",
    "This agenda item names no extension request.":
        "Ärendet på föredragningslistan anger ingen begäran om förlängning.",
}
