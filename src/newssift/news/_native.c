/* Compiled helpers of the news parser (optional; each has a Python twin giving the same
 * answers).
 *
 * 1. Where do cue words start? The indirect attributions' first pass (quotes/indirect.py).
 *
 *   cue_table(words: tuple[str, ...][, word_start: bool]) -> capsule
 *   cue_starts(table, text: str) -> list[int]
 *
 * gives, in increasing order, every position p of text at which some word w of the table
 * starts (with word_start, only after no alphanumeric character: p == 0 or not
 * text[p - 1].isalnum(); without it, as revisions before session 25 read it), and is not
 * followed by a word character: text.startswith(w, p) and re.match(r"\b", text, p + len(w))
 * (\w as the regex engine decides: Py_UNICODE_ISALNUM or '_'). Each word must end in a word
 * character, so the \b after it is "no word character next". These are the start positions
 * of the matches of the patterns "w1(?<![^\W_].)|w2...\b" that indirect.py built per first
 * letter (one regex scan of the text per letter): no match of one of them can start inside
 * another's, as every cue is a run of word characters (or two, "according to") none of which
 * ends another cue of its letter (tests/news hold the positions equal to the regexes' on the
 * bench texts and random text). With word_start the check of the character before comes
 * right after the first character's, before the word's: most positions are inside words. Without this
 * module indirect.py runs the regexes.
 *
 * 2. The tokens of a window of a story (quotes/text.py span_tokens):
 *
 *   span_tokens(text: str, s: int, e: int) -> list[tuple[str, int, int]]
 *
 * is [(m[0], m.start(), m.end()) for m in text.py's _TOKEN.finditer(text, s, e)], the
 * pattern \w+(?:[’'.\-]+\w+)*[’']?|[,:;()\[\]—–]|(?<=\s)-(?=\s) read by hand: a run of
 * word characters, then as long as a run of ’ ' . - is followed by a word character that
 * run and the next run of word characters, then one ’ or ' if there is one (the regex's
 * greedy first path always succeeds, so it is the match); else one of ,:;()[]—–; else a
 * "-" with white space on both sides. As for the regex engine, the text ends at e (no
 * token or look-ahead reads past it) while the look-behind may read the character before
 * s. \w is Py_UNICODE_ISALNUM or '_', \s Py_UNICODE_ISSPACE.
 *
 * 3. The paragraph starts and sentence ends of a story (quotes/text.py StoryText):
 *
 *   story_bounds(text: str, abbrev_before[, abbrevs]) -> (para_starts: list[int],
 *                                                         sent_ends: list[int])
 *
 * para_starts is [0] and the end of every match of \n\s*(?=\S): the end of each run of
 * white space that holds a newline and has a character that is not white space after it.
 * sent_ends is the end of every match of [.!?…](?:''|["”’»])?\s+ in text order (a stop,
 * two apostrophes or one closing mark if white space follows them, and the white space; no
 * two matches share an end), except a full stop's when text[s - 5:s] (Python's slice, a
 * negative start counted from the end) is not all letters and abbrev_before(text, s) says
 * it ends an abbreviation: StoryText's own reading of _STOP_DOT and _STOP_OTHER. Given
 * ``abbrevs`` (text.py's _ABBREV), abbrev_before is read here for a word of ASCII
 * characters (a Python call per full stop cost more than the whole scan) and called only
 * for the others.
 *
 * 4. The capitalised runs of a story outside its quotes (quotes/capitals.py scan_capitals):
 *    capital_runs, described where it is defined below.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

typedef struct {
    Py_ssize_t n;
    Py_UCS4 **key;
    Py_ssize_t *len;
    int32_t first[128];  /* first word of each ASCII first character, -1 none */
    int32_t *next;       /* the next word of the same first character, -1 ends */
    uint64_t second[128][2]; /* the ASCII second characters of each first's words */
    int any_long_second; /* a word whose second character is not ASCII (or a one-letter word) */
    int word_start;      /* only positions after no alphanumeric character */
} CueTable;

static void cue_free(CueTable *t) {
    if (!t) return;
    if (t->key)
        for (Py_ssize_t i = 0; i < t->n; i++) PyMem_Free(t->key[i]);
    PyMem_Free(t->key);
    PyMem_Free(t->len);
    PyMem_Free(t->next);
    PyMem_Free(t);
}

static void cue_capsule_free(PyObject *cap) {
    cue_free((CueTable *)PyCapsule_GetPointer(cap, "newssift.cuetable"));
}

static inline int word_char(Py_UCS4 c) {
    if (c < 128) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    return Py_UNICODE_ISALNUM(c);
}

/* str.isalnum() of one character */
static inline int alnum_char(Py_UCS4 c) {
    if (c < 128) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return Py_UNICODE_ISALNUM(c);
}

/* The start of every scan of a str argument ``text``: made ready, its kind, data and length
 * read into the three pointers, and a new empty list for the results returned; NULL with an
 * exception set on failure. */
static PyObject *scan_start(PyObject *text, int *kind, const void **data, Py_ssize_t *n) {
    if (PyUnicode_READY(text) < 0) return NULL;
    *kind = PyUnicode_KIND(text);
    *data = PyUnicode_DATA(text);
    *n = PyUnicode_GET_LENGTH(text);
    return PyList_New(0);
}

static PyObject *py_cue_table(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs < 1 || nargs > 2) {
        PyErr_SetString(PyExc_TypeError, "cue_table(words[, word_start])");
        return NULL;
    }
    PyObject *arg = args[0];
    int word_start = nargs == 2 ? PyObject_IsTrue(args[1]) : 0;
    if (word_start < 0) return NULL;
    if (!PyTuple_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "cue_table() takes a tuple of str");
        return NULL;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(arg);
    CueTable *t = PyMem_Calloc(1, sizeof(CueTable));
    if (!t) return PyErr_NoMemory();
    t->n = n;
    t->word_start = word_start;
    t->key = PyMem_Calloc(n ? n : 1, sizeof(Py_UCS4 *));
    t->len = PyMem_Calloc(n ? n : 1, sizeof(Py_ssize_t));
    t->next = PyMem_Calloc(n ? n : 1, sizeof(int32_t));
    if (!t->key || !t->len || !t->next) {
        cue_free(t);
        return PyErr_NoMemory();
    }
    for (int c = 0; c < 128; c++) t->first[c] = -1;
    /* kept in the given order, each chain in reverse: any match will do */
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *k = PyTuple_GET_ITEM(arg, i);
        if (!PyUnicode_Check(k) || PyUnicode_READY(k) < 0 || PyUnicode_GET_LENGTH(k) == 0) {
            cue_free(t);
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "cue_table(): a word must be a non-empty str");
            return NULL;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(k);
        Py_UCS4 c0 = PyUnicode_READ_CHAR(k, 0), cl = PyUnicode_READ_CHAR(k, len - 1);
        if (c0 >= 128 || !word_char(cl)) {
            cue_free(t);
            PyErr_SetString(PyExc_ValueError,
                            "cue_table(): a word must open with an ASCII character and end in a word character");
            return NULL;
        }
        t->key[i] = PyUnicode_AsUCS4Copy(k);
        if (!t->key[i]) {
            cue_free(t);
            return NULL;
        }
        t->len[i] = len;
        t->next[i] = t->first[c0];
        t->first[c0] = (int32_t)i;
        Py_UCS4 c1 = len > 1 ? PyUnicode_READ_CHAR(k, 1) : 0;
        if (len > 1 && c1 < 128) t->second[c0][c1 >> 6] |= (uint64_t)1 << (c1 & 63);
        else t->any_long_second = 1;
    }
    PyObject *cap = PyCapsule_New(t, "newssift.cuetable", cue_capsule_free);
    if (!cap) cue_free(t);
    return cap;
}

static PyObject *py_cue_starts(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || !PyUnicode_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "cue_starts(table, text: str)");
        return NULL;
    }
    CueTable *t = (CueTable *)PyCapsule_GetPointer(args[0], "newssift.cuetable");
    if (!t) return NULL;
    PyObject *text = args[1];
    int kind;
    const void *data;
    Py_ssize_t n;
    PyObject *out = scan_start(text, &kind, &data, &n);
    if (!out) return NULL;
    /* a position is passed over unless its character opens a word and the next one can
     * follow that opening (second, when every word's second character is ASCII) */
#define CUE_SCAN(TYPE)                                                                    \
    {                                                                                     \
        const TYPE *s = (const TYPE *)data;                                               \
        for (Py_ssize_t i = 0; i + 1 < n || (i < n && t->any_long_second); i++) {         \
            Py_UCS4 c = s[i];                                                             \
            if (c >= 128 || t->first[c] < 0) continue;                                    \
            if (t->word_start && i > 0 && alnum_char(s[i - 1])) continue;                 \
            if (!t->any_long_second) {                                                    \
                Py_UCS4 c1 = s[i + 1];                                                    \
                if (c1 >= 128 || !(t->second[c][c1 >> 6] >> (c1 & 63) & 1)) continue;   \
            }                                                                             \
            for (int32_t k = t->first[c]; k >= 0; k = t->next[k]) {                      \
                Py_ssize_t len = t->len[k];                                               \
                if (len > n - i) continue;                                                \
                const Py_UCS4 *key = t->key[k];                                           \
                Py_ssize_t m = 1;                                                         \
                while (m < len && (Py_UCS4)s[i + m] == key[m]) m++;                       \
                if (m < len) continue;                                                    \
                if (i + len < n && word_char(s[i + len])) continue;                       \
                PyObject *p = PyLong_FromSsize_t(i);                                      \
                if (!p || PyList_Append(out, p) < 0) {                                    \
                    Py_XDECREF(p);                                                        \
                    Py_DECREF(out);                                                       \
                    return NULL;                                                          \
                }                                                                         \
                Py_DECREF(p);                                                             \
                break;                                                                    \
            }                                                                             \
        }                                                                                 \
    }
    switch (kind) {
    case PyUnicode_1BYTE_KIND: CUE_SCAN(Py_UCS1) break;
    case PyUnicode_2BYTE_KIND: CUE_SCAN(Py_UCS2) break;
    default: CUE_SCAN(Py_UCS4) break;
    }
#undef CUE_SCAN
    return out;
}

static inline int tok_punct(Py_UCS4 c) { return c == 0x2019 || c == '\'' || c == '.' || c == '-'; }

static inline int tok_single(Py_UCS4 c) {
    switch (c) {
    case ',': case ':': case ';': case '(': case ')': case '[': case ']': case 0x2014: case 0x2013:
        return 1;
    }
    return 0;
}

static int push_token(PyObject *out, PyObject *text, Py_ssize_t a, Py_ssize_t b) {
    /* the tuple built by hand: Py_BuildValue reads its format string at every token, which
     * cost more than the rest of the token together */
    PyObject *t = PyTuple_New(3);
    if (!t) return -1;
    PyObject *w = PyUnicode_Substring(text, a, b);
    PyObject *pa = w ? PyLong_FromSsize_t(a) : NULL;
    PyObject *pb = pa ? PyLong_FromSsize_t(b) : NULL;
    if (!pb) {
        Py_XDECREF(w);
        Py_XDECREF(pa);
        Py_DECREF(t);
        return -1;
    }
    PyTuple_SET_ITEM(t, 0, w);
    PyTuple_SET_ITEM(t, 1, pa);
    PyTuple_SET_ITEM(t, 2, pb);
    int r = PyList_Append(out, t);
    Py_DECREF(t);
    return r;
}

static PyObject *py_span_tokens(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "span_tokens(text: str, s: int, e: int)");
        return NULL;
    }
    PyObject *text = args[0];
    Py_ssize_t s = PyLong_AsSsize_t(args[1]), e = PyLong_AsSsize_t(args[2]);
    if ((s == -1 || e == -1) && PyErr_Occurred()) return NULL;
    int kind;
    const void *data;
    Py_ssize_t n;
    PyObject *out = scan_start(text, &kind, &data, &n);
    if (!out) return NULL;
    /* the regex engine's bounds: each clipped to the text */
    if (s < 0) s = 0;
    if (s > n) s = n;
    if (e < 0) e = 0;
    if (e > n) e = n;
#define AT(k) PyUnicode_READ(kind, data, (k))
    Py_ssize_t i = s;
    while (i < e) {
        Py_UCS4 c = AT(i);
        if (word_char(c)) {
            Py_ssize_t j = i + 1;
            while (j < e && word_char(AT(j))) j++;
            for (;;) {
                Py_ssize_t k = j;
                while (k < e && tok_punct(AT(k))) k++;
                if (k == j || k >= e || !word_char(AT(k))) break;
                j = k + 1;
                while (j < e && word_char(AT(j))) j++;
            }
            if (j < e && (AT(j) == 0x2019 || AT(j) == '\'')) j++;
            if (push_token(out, text, i, j) < 0) goto fail;
            i = j;
            continue;
        }
        if (tok_single(c) || (c == '-' && i > 0 && Py_UNICODE_ISSPACE(AT(i - 1)) && i + 1 < e &&
                               Py_UNICODE_ISSPACE(AT(i + 1)))) {
            if (push_token(out, text, i, i + 1) < 0) goto fail;
        }
        i++;
    }
#undef AT
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

static inline int closing_mark(Py_UCS4 c) { return c == '"' || c == 0x201D || c == 0x2019 || c == 0xBB; }

/* the end of a sentence-end match at the stop at p, or -1 */
static Py_ssize_t stop_match_end(int kind, const void *data, Py_ssize_t n, Py_ssize_t p) {
    Py_ssize_t q = p + 1;
    /* the alternatives in the regex's order: '' then one mark then nothing, each needing
     * white space after it */
    Py_ssize_t starts[3];
    int k = 0;
    if (q + 1 < n && PyUnicode_READ(kind, data, q) == '\'' && PyUnicode_READ(kind, data, q + 1) == '\'')
        starts[k++] = q + 2;
    if (q < n && closing_mark(PyUnicode_READ(kind, data, q))) starts[k++] = q + 1;
    starts[k++] = q;
    for (int a = 0; a < k; a++) {
        Py_ssize_t r = starts[a];
        if (r < n && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, r))) {
            while (r < n && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, r))) r++;
            return r;
        }
    }
    return -1;
}

static int append_index(PyObject *list, Py_ssize_t v) {
    PyObject *o = PyLong_FromSsize_t(v);
    if (!o) return -1;
    int r = PyList_Append(list, o);
    Py_DECREF(o);
    return r;
}

/* text.py's abbrev_before(text, dot) read here when the word before the stop is ASCII: the
 * last " ", "\n" or "(" among the six characters before the stop (none, and the text goes
 * on before them: False); the word after it, lower-cased, in ``abbrevs`` or one letter.
 * 1 or 0; -2 when the word holds a character beyond ASCII (Python's lower() decides
 * those); -1 on an error. */
static int ascii_abbrev(int kind, const void *data, Py_ssize_t dot, PyObject *abbrevs) {
    Py_ssize_t lo = dot - 6 > 0 ? dot - 6 : 0, j = -1;
    for (Py_ssize_t k = dot - 1; k >= lo; k--) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        if (c == ' ' || c == '\n' || c == '(') {
            j = k;
            break;
        }
    }
    if (j < 0 && lo > 0) return 0;
    char word[8];
    Py_ssize_t len = 0;
    for (Py_ssize_t k = j + 1; k < dot; k++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        if (c >= 128) return -2;
        word[len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    if (len == 1 && ((word[0] >= 'a' && word[0] <= 'z'))) return 1;
    PyObject *w = PyUnicode_FromStringAndSize(word, len);
    if (!w) return -1;
    int r = PySet_Contains(abbrevs, w);
    Py_DECREF(w);
    return r;
}

static PyObject *py_story_bounds(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if ((nargs != 2 && nargs != 3) || !PyUnicode_Check(args[0]) ||
        (nargs == 3 && !PyAnySet_Check(args[2]))) {
        PyErr_SetString(PyExc_TypeError, "story_bounds(text: str, abbrev_before[, abbrevs: frozenset])");
        return NULL;
    }
    PyObject *text = args[0], *abbrev = args[1], *abbrevs = nargs == 3 ? args[2] : NULL;
    int kind;
    const void *data;
    Py_ssize_t n;
    PyObject *paras = scan_start(text, &kind, &data, &n);
    if (!paras) return NULL;
    PyObject *ends = PyList_New(0);
    if (!ends) goto fail;
    if (append_index(paras, 0) < 0) goto fail;
    Py_ssize_t i = 0;
    while (i < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISSPACE(c)) {  /* a run of white space */
            int newline = 0;
            while (i < n && Py_UNICODE_ISSPACE(c = PyUnicode_READ(kind, data, i))) {
                newline |= c == '\n';
                i++;
            }
            if (newline && i < n && append_index(paras, i) < 0) goto fail;
            continue;
        }
        if (c == '.' || c == '!' || c == '?' || c == 0x2026) {
            Py_ssize_t e = stop_match_end(kind, data, n, i);
            if (e >= 0) {
                int keep = 1;
                if (c == '.') {
                    /* text[i - 5:i].isalpha(), Python's slice */
                    Py_ssize_t lo = i - 5;
                    if (lo < 0) lo += n;
                    if (lo < 0) lo = 0;
                    int alpha = lo < i;
                    for (Py_ssize_t k = lo; alpha && k < i; k++)
                        alpha = Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, k));
                    if (!alpha) {
                        int t = abbrevs ? ascii_abbrev(kind, data, i, abbrevs) : -2;
                        if (t == -1) goto fail;
                        if (t == -2) {  /* no set, or a word not all ASCII: ask Python */
                            PyObject *pos = PyLong_FromSsize_t(i);
                            if (!pos) goto fail;
                            PyObject *r = PyObject_CallFunctionObjArgs(abbrev, text, pos, NULL);
                            Py_DECREF(pos);
                            if (!r) goto fail;
                            t = PyObject_IsTrue(r);
                            Py_DECREF(r);
                            if (t < 0) goto fail;
                        }
                        keep = !t;
                    }
                }
                if (keep && append_index(ends, e) < 0) goto fail;
                /* the marks and the white space after the stop are read next (a newline
                 * in that white space opens a paragraph); no stop is among them */
            }
        }
        i++;
    }
    PyObject *out = PyTuple_Pack(2, paras, ends);
    Py_DECREF(paras);
    Py_DECREF(ends);
    return out;
fail:
    Py_XDECREF(paras);
    Py_XDECREF(ends);
    return NULL;
}

/* 4. The capitalised runs of a story outside its quotes (quotes/capitals.py scan_capitals):
 *
 *   capital_runs(text, outside, not_lone, has_match, alone, singles) -> [(start, end)]
 *
 * reads the matches of capitals.py's _PERSON_SEQ in each stretch (a, b) of ``outside`` in
 * turn, by hand: a capital (cap_first) with none of \w ’ ' . - before it (the look-behind
 * may read the character before a), then the first alternative of
 * \.(?:[A-Z]\.)+ | [a-z]{0,2}\. | [\w’'\-]*\w that matches (the rest of the pattern is
 * optional, so the engine never comes back to try another), then up to four times a run of
 * [ \t\u00a0] and a word of _CAPWORD (its alternatives in the same order). The text ends at
 * b. A match of two words or more is returned as (start, end) for the Python loop; a match
 * of one word is read here as that loop reads it: "X’s"/"X's" is X, possessive unless
 * has_match(text, end) matches; else the word without its final full stops; skipped when
 * its lower case is in not_lone; else added to ``alone`` and appended to ``singles`` as
 * (start, end, word, possessive, False), end past a "*" right after it. */
/* vocab/letters.py's CAPITAL: a letter in upper or title case below U+10000 (is_capital:
 * str.isalpha() and str.istitle() of one character, the latter being ISTITLE or ISUPPER);
 * tests/test_letters.py holds the two equal over every code point of that range */
static inline int cap_first(Py_UCS4 c) {
    if (c < 128) return c >= 'A' && c <= 'Z';
    return c < 0x10000 && Py_UNICODE_ISALPHA(c) && (Py_UNICODE_ISUPPER(c) || Py_UNICODE_ISTITLE(c));
}
static inline int ascii_upper(Py_UCS4 c) { return c >= 'A' && c <= 'Z'; }
static inline int name_char(Py_UCS4 c) { return word_char(c) || c == 0x2019 || c == '\'' || c == '-'; }
static inline int name_gap(Py_UCS4 c) { return c == ' ' || c == '\t' || c == 0xA0; }

/* the end of [\w’'\-]*\w read from j (b the text's end), or -1 */
static Py_ssize_t name_tail(int kind, const void *data, Py_ssize_t j, Py_ssize_t b) {
    Py_ssize_t r = j;
    while (r < b && name_char(PyUnicode_READ(kind, data, r))) r++;
    while (r > j && !word_char(PyUnicode_READ(kind, data, r - 1))) r--;
    return r > j ? r : -1;
}

/* the end of (?:[A-Z]\.)+ read from k, or -1 when no pair */
static Py_ssize_t initials(int kind, const void *data, Py_ssize_t k, Py_ssize_t b) {
    Py_ssize_t start = k;
    while (k + 1 < b && ascii_upper(PyUnicode_READ(kind, data, k)) &&
           PyUnicode_READ(kind, data, k + 1) == '.')
        k += 2;
    return k > start ? k : -1;
}

/* the end of [a-z]{0,2}\. read from j, or -1 */
static Py_ssize_t short_abbrev(int kind, const void *data, Py_ssize_t j, Py_ssize_t b) {
    Py_ssize_t l = 0;
    while (l < 2 && j + l < b) {
        Py_UCS4 c = PyUnicode_READ(kind, data, j + l);
        if (c < 'a' || c > 'z') break;
        l++;
    }
    return j + l < b && PyUnicode_READ(kind, data, j + l) == '.' ? j + l + 1 : -1;
}

/* the end of a _PERSON_SEQ match starting at the capital at i, or -1 */
static Py_ssize_t person_seq(int kind, const void *data, Py_ssize_t i, Py_ssize_t b) {
    if (i > 0) {
        Py_UCS4 p = PyUnicode_READ(kind, data, i - 1);
        if (name_char(p) || p == '.') return -1;
    }
    Py_ssize_t j = i + 1, end = -1;
    if (j < b && PyUnicode_READ(kind, data, j) == '.') end = initials(kind, data, j + 1, b);
    if (end < 0) end = short_abbrev(kind, data, j, b);
    if (end < 0) end = name_tail(kind, data, j, b);
    if (end < 0) return -1;
    for (int rep = 0; rep < 4; rep++) {
        Py_ssize_t q = end;
        while (q < b && name_gap(PyUnicode_READ(kind, data, q))) q++;
        if (q == end || q >= b) break;
        Py_UCS4 c = PyUnicode_READ(kind, data, q);
        Py_ssize_t w = -1;
        if (ascii_upper(c)) {
            if (q + 1 < b && PyUnicode_READ(kind, data, q + 1) == '.')
                w = initials(kind, data, q + 2, b);
            if (w < 0) w = short_abbrev(kind, data, q + 1, b);
        }
        if (w < 0 && cap_first(c)) w = name_tail(kind, data, q + 1, b);
        if (w < 0) break;
        end = w;
    }
    return end;
}

static int push_pair(PyObject *out, Py_ssize_t a, Py_ssize_t b) {
    PyObject *t = Py_BuildValue("(nn)", a, b);
    if (!t) return -1;
    int r = PyList_Append(out, t);
    Py_DECREF(t);
    return r;
}

/* one single word of a match text[s:e] (see the head of section 4); -1 on an error */
static int capital_single(PyObject *text, int kind, const void *data, Py_ssize_t n, Py_ssize_t s,
                          Py_ssize_t e, PyObject *not_lone, PyObject *has_match, PyObject *alone,
                          PyObject *singles) {
    static PyObject *lower_name = NULL;
    if (!lower_name && !(lower_name = PyUnicode_InternFromString("lower"))) return -1;
    PyObject *w, *poss = Py_False;
    Py_UCS4 last = PyUnicode_READ(kind, data, e - 1);
    Py_UCS4 mark = e - s >= 2 ? PyUnicode_READ(kind, data, e - 2) : 0;
    if (last == 's' && (mark == 0x2019 || mark == '\'')) {
        w = PyUnicode_Substring(text, s, e - 2);
        if (!w) return -1;
        PyObject *pos = PyLong_FromSsize_t(e);
        if (!pos) goto fail;
        PyObject *m = PyObject_CallFunctionObjArgs(has_match, text, pos, NULL);
        Py_DECREF(pos);
        if (!m) goto fail;
        poss = m == Py_None ? Py_True : Py_False;
        Py_DECREF(m);
    } else {
        Py_ssize_t k = e;
        while (k > s && PyUnicode_READ(kind, data, k - 1) == '.') k--;
        w = PyUnicode_Substring(text, s, k);
        if (!w) return -1;
    }
    /* its lower case: built here for a short ASCII word (str.lower gives the same), else
     * by str.lower */
    PyObject *low = NULL;
    Py_ssize_t wn = PyUnicode_GET_LENGTH(w);
    if (PyUnicode_IS_ASCII(w) && wn <= 64) {
        char buf[64];
        const Py_UCS1 *src = PyUnicode_1BYTE_DATA(w);
        for (Py_ssize_t k = 0; k < wn; k++)
            buf[k] = (char)(src[k] >= 'A' && src[k] <= 'Z' ? src[k] + 32 : src[k]);
        low = PyUnicode_FromStringAndSize(buf, wn);
    } else {
        low = PyObject_CallMethodNoArgs(w, lower_name);
    }
    if (!low) goto fail;
    int skip = PySet_Contains(not_lone, low);
    Py_DECREF(low);
    if (skip < 0) goto fail;
    if (skip) {
        Py_DECREF(w);
        return 0;
    }
    if (PySet_Add(alone, w) < 0) goto fail;
    if (e < n && PyUnicode_READ(kind, data, e) == '*') e++;
    /* (PyTuple_Pack: no format string read at every call, as Py_BuildValue would) */
    PyObject *ps = PyLong_FromSsize_t(s), *pe = PyLong_FromSsize_t(e);
    PyObject *t = ps && pe ? PyTuple_Pack(5, ps, pe, w, poss, Py_False) : NULL;
    Py_XDECREF(ps);
    Py_XDECREF(pe);
    if (!t) goto fail;
    Py_DECREF(w);  /* the tuple holds its own reference */
    int r = PyList_Append(singles, t);
    Py_DECREF(t);
    return r;
fail:
    Py_DECREF(w);
    return -1;
}

static PyObject *py_capital_runs(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 6 || !PyUnicode_Check(args[0]) || !PyList_Check(args[1]) ||
        !PyAnySet_Check(args[2]) || !PySet_Check(args[4]) || !PyList_Check(args[5])) {
        PyErr_SetString(PyExc_TypeError,
                        "capital_runs(text: str, outside: list, not_lone: frozenset, has_match, "
                        "alone: set, singles: list)");
        return NULL;
    }
    PyObject *text = args[0], *outside = args[1];
    int kind;
    const void *data;
    Py_ssize_t n;
    PyObject *out = scan_start(text, &kind, &data, &n);
    if (!out) return NULL;
    for (Py_ssize_t o = 0; o < PyList_GET_SIZE(outside); o++) {
        Py_ssize_t a, b;
        PyObject *pair = PyList_GET_ITEM(outside, o);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
            PyErr_SetString(PyExc_TypeError, "capital_runs: each stretch of outside is a "
                                             "(start, end) tuple");
            goto fail;
        }
        if (!PyArg_ParseTuple(pair, "nn", &a, &b)) goto fail;
        /* the regex engine's bounds: each clipped to the text */
        if (a < 0) a = 0;
        if (b > n) b = n;
        Py_ssize_t i = a;
        while (i < b) {
            if (!cap_first(PyUnicode_READ(kind, data, i))) {
                i++;
                continue;
            }
            Py_ssize_t e = person_seq(kind, data, i, b);
            if (e < 0) {
                i++;
                continue;
            }
            int many = 0;
            for (Py_ssize_t k = i + 1; k < e && !many; k++) many = name_gap(PyUnicode_READ(kind, data, k));
            if (many) {
                if (push_pair(out, i, e) < 0) goto fail;
            } else if (capital_single(text, kind, data, n, i, e, args[2], args[3], args[4],
                                      args[5]) < 0)
                goto fail;
            i = e;
        }
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

static PyMethodDef methods[] = {
    {"cue_table", (PyCFunction)(void (*)(void))py_cue_table, METH_FASTCALL,
     "cue_table(words: tuple[str, ...][, word_start]) -> a table of cue words"},
    {"cue_starts", (PyCFunction)(void (*)(void))py_cue_starts, METH_FASTCALL,
     "cue_starts(table, text) -> positions where a cue word starts and a word ends"},
    {"span_tokens", (PyCFunction)(void (*)(void))py_span_tokens, METH_FASTCALL,
     "span_tokens(text, s, e) -> [(token, start, end)] of quotes/text.py's _TOKEN"},
    {"story_bounds", (PyCFunction)(void (*)(void))py_story_bounds, METH_FASTCALL,
     "story_bounds(text, abbrev_before[, abbrevs]) -> (paragraph starts, sentence ends) of "
     "StoryText"},
    {"capital_runs", (PyCFunction)(void (*)(void))py_capital_runs, METH_FASTCALL,
     "capital_runs(text, outside, not_lone, has_match, alone, singles) -> [(start, end)] of "
     "the names of two words or more; single words read into alone and singles"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_native",
                                    "Compiled helpers of the news parser (see the file's head).",
                                    -1, methods};

PyMODINIT_FUNC PyInit__native(void) { return PyModule_Create(&module); }
