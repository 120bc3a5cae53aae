def shorten_to_stems(stems, text):
    if not text:
        return ""
    out = []
    for word in text.split(" "):
        best = word
        for stem in stems:
            if word.startswith(stem) and len(stem) < len(best):
                best = stem
        out.append(best)
    return " ".join(out)
