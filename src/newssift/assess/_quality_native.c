/* Compiled token loop of the quality signals (newssift.assess.quality).
 *
 * The Python path of quality.py (split_words per line, the Gopher maps over memos,
 * quality_ngrams.ngram_repetition, sentences_in per line) is the reference; this module
 * gives the same counts from one pass over the tokens, and tests/assess/test_quality_native.py
 * holds every score and flag equal on bench pages, fixtures and random texts.
 *
 * token_counts(raw_lines, chunk_infos) -> tuple
 *     raw_lines: text.splitlines(keepends=True); chunk_infos: quality._CHUNK_INFOS, a memo
 *     (a dict subclass whose __missing__ computes an entry it has not seen) from a
 *     whitespace-free chunk to (its tokens as quality_tokens tokenises it, one byte per
 *     token: quality._token_info, bits 0-1 the sentence class, 0 word, 1 punctuation,
 *     2 sentence-final; bit 2 has a letter; bit 3 symbol-only for Gopher; bits 4-7 the
 *     1-based index of a Gopher stop word, 0 if none). One lookup a chunk: the memo's
 *     tables are large, and a lookup in them costs a cache miss, more than the rest of the
 *     work on a token. Each line is split as str.split() splits it. Returns (n_tokens, n_symbol, letters of the non-symbol
 *     tokens, n_alpha, stop-word mask, bytes of int32 sentences per line,
 *     top 2/3/4-gram characters, duplicated 5..10-gram characters), the last two as tuples.
 * token_counts(raw_lines, chunk_infos, specials, stop_index, mark_info): the same, reading
 *     the two commonest chunk shapes without the memo, as quality._chunk_info reads them
 *     first (quick_chunk below: a word of letters, and such a word with one closing mark);
 *     specials is quality_tokens.SPECIAL_TOKENS, stop_index quality._STOP_INDEX, mark_info
 *     quality._MARK_INFO. Most chunks are of these shapes, and a lookup in the large memo
 *     costs more than reading the chunk's letters; a new word also skips a Python call.
 *     The module's QUICK_SHAPES constant says this form is there.
 * token_counts(raw_lines, chunk_infos, specials, stop_index, mark_info, token_infos,
 *     merge_prefixes): the same again, and a chunk the memo has not seen, of the shapes
 *     quality_tokens._quick_split reads (an opening mark, a word core joined by dashes or a
 *     number, closing marks, 's), is cut here as _quick_split cuts it (split_chunk below;
 *     any other chunk, or one whose pieces would merge into a special token, goes to the
 *     memo's __missing__) and stored in the memo: token_infos is quality._INFOS (the info
 *     byte of a token that is not a word of letters), merge_prefixes
 *     quality_tokens.MERGE_PREFIXES. QUICK_SPLIT says this form is there; SPLIT_SETS holds
 *     the opening and closing marks it reads (tests/assess/test_quality_split.py).
 * ngram_repetition(words) -> (top tuple, dup tuple): quality_ngrams.ngram_repetition on a
 *     token list (for the tests and for callers holding tokens).
 *
 * The n-gram part is quality_ngrams.ngram_repetition step by step: token ids numbered by
 * first appearance from 1, each n-gram a 64-bit hash h_n = h_{n-1} * MULT + id (wrapping),
 * grouped only where a repeated (n-1)-gram starts and is followed by one, top n-gram by
 * highest count and then earliest first place, the greedy duplicate scan over the positions
 * whose n-gram occurs more than once. So the results are the same even in the case of a
 * hash collision.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MULT 0x9E3779B97F4A7C15ULL /* quality_ngrams._MULT */

/* ---- a small open-addressing table of uint64 keys ---------------------------------- */

typedef struct {
    uint64_t key;
    Py_ssize_t count;
    Py_ssize_t first;
    int used;
} Slot;

typedef struct {
    Slot *slots;
    size_t mask;
} Table;

static int
table_init(Table *t, Py_ssize_t n)
{
    size_t size = 16;
    while (size < (size_t)n * 2)
        size <<= 1;
    t->slots = (Slot *)calloc(size, sizeof(Slot));
    t->mask = size - 1;
    return t->slots ? 0 : -1;
}

static Slot *
table_slot(Table *t, uint64_t key)
{
    size_t i = (size_t)((key ^ (key >> 29)) * 0xBF58476D1CE4E5B9ULL >> 7) & t->mask;
    for (;;) {
        Slot *s = &t->slots[i];
        if (!s->used || s->key == key)
            return s;
        i = (i + 1) & t->mask;
    }
}

/* ---- the n-gram measures ------------------------------------------------------------ */

/* ids[0..m) (1-based first-appearance ids), cum[0..m] (cumulative token lengths), vocab
 * the number of distinct ids. Fills top[3] (n = 2, 3, 4) and dup[6] (n = 5..10). */
static int
ngram_core(Py_ssize_t m, const uint64_t *ids, const int64_t *cum, Py_ssize_t vocab,
           int64_t top[3], int64_t dup[6])
{
    memset(top, 0, 3 * sizeof(int64_t));
    memset(dup, 0, 6 * sizeof(int64_t));
    if (m < 2)
        return 0;
    if (vocab == m) { /* no token repeats, so no n-gram does */
        for (int n = 2; n <= 4; n++)
            if (m >= n)
                top[n - 2] = cum[n] - cum[0] + n - 1;
        return 0;
    }
    int rc = -1;
    Py_ssize_t *idcount = (Py_ssize_t *)calloc((size_t)vocab + 1, sizeof(Py_ssize_t));
    uint64_t *h = (uint64_t *)malloc((size_t)m * sizeof(uint64_t));
    unsigned char *rep = (unsigned char *)malloc((size_t)m);
    unsigned char *rep2 = (unsigned char *)malloc((size_t)m);
    Py_ssize_t *cand = (Py_ssize_t *)malloc((size_t)m * sizeof(Py_ssize_t));
    Table tab = {NULL, 0};
    if (!idcount || !h || !rep || !rep2 || !cand || table_init(&tab, m) < 0)
        goto done;
    for (Py_ssize_t i = 0; i < m; i++)
        idcount[ids[i]]++;
    for (Py_ssize_t i = 0; i < m; i++) {
        rep[i] = idcount[ids[i]] > 1;
        h[i] = ids[i];
    }
    size_t tsize = tab.mask + 1; /* room for every position; a round uses what it needs */
    for (int n = 2; n <= 10; n++) {
        Py_ssize_t count = m - n + 1;
        if (count <= 0)
            break;
        for (Py_ssize_t i = 0; i < count; i++)
            h[i] = h[i] * MULT + ids[i + n - 1];
        Py_ssize_t nc = 0;
        for (Py_ssize_t i = 0; i < count; i++)
            if (rep[i] && rep[i + 1])
                cand[nc++] = i;
        memset(rep2, 0, (size_t)m); /* the first count entries are read */
        int any_multi = 0;
        Py_ssize_t best = 1, pos = 0;
        /* this round's table: at least twice its candidates (the greedy scan below stores
         * a subset of them), so clearing it costs what the round reads, not the text's
         * length (clearing the whole table each round was most of this function) */
        size_t used = 16;
        while (used < (size_t)nc * 2 && used < tsize)
            used <<= 1;
        tab.mask = used - 1;
        if (nc) {
            memset(tab.slots, 0, used * sizeof(Slot));
            for (Py_ssize_t k = 0; k < nc; k++) {
                Slot *s = table_slot(&tab, h[cand[k]]);
                if (!s->used) {
                    s->used = 1;
                    s->key = h[cand[k]];
                    s->first = cand[k];
                }
                s->count++;
            }
            for (Py_ssize_t k = 0; k < nc; k++) {
                Slot *s = table_slot(&tab, h[cand[k]]);
                if (s->count > 1) {
                    rep2[cand[k]] = 1;
                    if (!any_multi || s->count > best || (s->count == best && s->first < pos)) {
                        best = s->count;
                        pos = s->first;
                    }
                    any_multi = 1;
                }
            }
            if (!any_multi) {
                best = 1;
                pos = 0;
            }
        }
        if (n <= 4) {
            top[n - 2] = (cum[pos + n] - cum[pos] + n - 1) * (int64_t)best;
        }
        else {
            if (!any_multi)
                break; /* a repeated n-gram would contain a repeated (n-1)-gram */
            /* the greedy scan: positions whose n-gram occurs twice or more, in order */
            memset(tab.slots, 0, used * sizeof(Slot));
            int64_t chars = 0;
            Py_ssize_t nxt = 0;
            for (Py_ssize_t i = 0; i < count; i++) {
                if (!rep2[i] || i < nxt)
                    continue;
                Slot *s = table_slot(&tab, h[i]);
                if (s->used) {
                    chars += cum[i + n] - cum[i];
                    nxt = i + n;
                }
                else {
                    s->used = 1;
                    s->key = h[i];
                    nxt = i + 1;
                }
            }
            dup[n - 5] = chars;
        }
        unsigned char *t = rep;
        rep = rep2;
        rep2 = t;
    }
    rc = 0;
done:
    free(idcount);
    free(h);
    free(rep);
    free(rep2);
    free(cand);
    free(tab.slots);
    if (rc < 0)
        PyErr_NoMemory();
    return rc;
}

static PyObject *
ngram_tuples(const int64_t top[3], const int64_t dup[6])
{
    return Py_BuildValue("(LLL)(LLLLLL)", (long long)top[0], (long long)top[1],
                         (long long)top[2], (long long)dup[0], (long long)dup[1],
                         (long long)dup[2], (long long)dup[3], (long long)dup[4],
                         (long long)dup[5]);
}

/* ---- growable arrays ---------------------------------------------------------------- */

typedef struct {
    uint64_t *ids;
    int64_t *cum;
    Py_ssize_t n, cap;
} Tokens;

static int
tokens_push(Tokens *t, uint64_t id, Py_ssize_t len)
{
    if (t->n == t->cap) {
        Py_ssize_t cap = t->cap ? t->cap * 2 : 1024;
        uint64_t *ids = (uint64_t *)realloc(t->ids, (size_t)cap * sizeof(uint64_t));
        if (!ids)
            return -1;
        t->ids = ids;
        int64_t *cum = (int64_t *)realloc(t->cum, (size_t)(cap + 1) * sizeof(int64_t));
        if (!cum)
            return -1;
        t->cum = cum;
        t->cap = cap;
    }
    if (t->n == 0)
        t->cum[0] = 0;
    t->ids[t->n] = id;
    t->cum[t->n + 1] = t->cum[t->n] + (int64_t)len;
    t->n++;
    return 0;
}

/* The value of ``key`` in a memo dict; a miss goes through the memo's __missing__.
 * Returns a new reference. */
static PyObject *
memo_get(PyObject *memo, PyObject *key)
{
    PyObject *v = PyDict_GetItemWithError(memo, key);
    if (v != NULL || PyErr_Occurred())
        return Py_XNewRef(v);
    return PyObject_GetItem(memo, key);
}

/* id of ``tok`` in ``vocab`` (first appearance numbering from 1); -1 on error */
static long long
vocab_id(PyObject *vocab, PyObject *tok)
{
    PyObject *v = PyDict_GetItemWithError(vocab, tok);
    if (v)
        return PyLong_AsLongLong(v);
    if (PyErr_Occurred())
        return -1;
    Py_ssize_t id = PyDict_GET_SIZE(vocab) + 1;
    PyObject *o = PyLong_FromSsize_t(id);
    if (!o)
        return -1;
    int rc = PyDict_SetItem(vocab, tok, o);
    Py_DECREF(o);
    return rc < 0 ? -1 : (long long)id;
}

/* ---- the two commonest chunk shapes, read without the memo ------------------------ */

/* What quality._chunk_info answers first, for a chunk that is not a special token: a
 * word of letters (str.isalpha: every code point Py_UNICODE_ISALPHA) is its own token,
 * info 4 | stop index << 4; such a word and one closing mark (",;:!?", or "." after a
 * lower-case letter) is two tokens, the word (not a special either) and the mark with its
 * fixed info. Fills tok[0..n) (new references) and info[0..n); returns n (1 or 2), 0 for
 * any other chunk (the memo reads it), -1 on error. */
typedef struct {
    PyObject *specials;  /* quality_tokens.SPECIAL_TOKENS */
    PyObject *stops;     /* quality._STOP_INDEX: stop word -> 1-based index */
    unsigned char mark_info[128]; /* quality._MARK_INFO by code point, 0 for no mark */
    PyObject *infos;     /* quality._INFOS (the seven-argument form), else NULL */
    PyObject *merge;     /* quality_tokens.MERGE_PREFIXES (the seven-argument form) */
    Py_ssize_t max_size; /* the chunk memo's max_size */
} Shapes;

static int
stop_bits(const Shapes *sh, PyObject *word, unsigned char *out)
{
    PyObject *v = PyDict_GetItemWithError(sh->stops, word);
    if (!v) {
        if (PyErr_Occurred())
            return -1;
        *out = 4;
        return 0;
    }
    long idx = PyLong_AsLong(v);
    if (idx == -1 && PyErr_Occurred())
        return -1;
    *out = (unsigned char)(4 | (idx << 4));
    return 0;
}

static int
quick_chunk(const Shapes *sh, PyObject *chunk, PyObject **tok, unsigned char *info)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(chunk);
    int kind = PyUnicode_KIND(chunk);
    const void *data = PyUnicode_DATA(chunk);
    Py_ssize_t alpha = 0; /* leading letters */
    while (alpha < n && Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, alpha)))
        alpha++;
    if (n == 0 || alpha < n - 1)
        return 0;
    int r = PyDict_Contains(sh->specials, chunk);
    if (r != 0)
        return r < 0 ? -1 : 0;
    if (alpha == n) {
        if (stop_bits(sh, chunk, &info[0]) < 0)
            return -1;
        Py_INCREF(chunk);
        tok[0] = chunk;
        return 1;
    }
    /* alpha == n - 1: letters and one last character */
    if (alpha == 0)
        return 0;
    Py_UCS4 last = PyUnicode_READ(kind, data, n - 1);
    if (last >= 128 || !sh->mark_info[last])
        return 0;
    if (last == '.' && !Py_UNICODE_ISLOWER(PyUnicode_READ(kind, data, n - 2)))
        return 0;
    PyObject *head = PyUnicode_Substring(chunk, 0, n - 1);
    if (!head)
        return -1;
    r = PyDict_Contains(sh->specials, head);
    if (r != 0) {
        Py_DECREF(head);
        return r < 0 ? -1 : 0;
    }
    PyObject *mark = PyUnicode_Substring(chunk, n - 1, n);
    if (!mark || stop_bits(sh, head, &info[0]) < 0) {
        Py_DECREF(head);
        Py_XDECREF(mark);
        return -1;
    }
    info[1] = sh->mark_info[last];
    tok[0] = head;
    tok[1] = mark;
    return 2;
}

/* ---- a new chunk of the commonest other shapes, read without Python --------------- */

/* quality_tokens._quick_split's character sets (tests/assess/test_quality_split.py holds
 * them equal to the Python frozensets through SPLIT_SETS). */
static const Py_UCS4 OPEN_MARKS[] = {'"', '$', '\'', '(', '[', 0xa3, 0x2018, 0x201c, 0x20ac, 0};
static const Py_UCS4 CLOSE_MARKS[] = {'!', '"', '\'', ')', ',', ':', ';', '?', ']',
                                      0x2019, 0x201d, 0};

static int
in_marks(Py_UCS4 c, const Py_UCS4 *set)
{
    for (; *set; set++)
        if (*set == c)
            return 1;
    return 0;
}

#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')
#define IS_UPPER_ASCII(c) ((c) >= 'A' && (c) <= 'Z')
#define BEFORE_PERIOD(c) (((c) >= 'a' && (c) <= 'z') || IS_DIGIT(c))
#define IS_DASH(c) ((c) == '-' || (c) == 0x2013 || (c) == 0x2014)
#define IS_APOSTROPHE(c) ((c) == '\'' || (c) == 0x2019)

/* 1 if chunk[a:b] is a key of ``specials``, 0 if not, -1 on error */
static int
special_slice(const Shapes *sh, PyObject *chunk, Py_ssize_t a, Py_ssize_t b)
{
    PyObject *s = PyUnicode_Substring(chunk, a, b);
    if (!s)
        return -1;
    int r = PyDict_Contains(sh->specials, s);
    Py_DECREF(s);
    return r;
}

/* The info byte of one token: quality._token_info (a word of letters here, any other
 * token through the quality._INFOS memo). */
static int
token_info(const Shapes *sh, PyObject *tok, unsigned char *out)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(tok);
    int kind = PyUnicode_KIND(tok);
    const void *data = PyUnicode_DATA(tok);
    Py_ssize_t i = 0;
    while (i < n && Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, i)))
        i++;
    if (n && i == n)
        return stop_bits(sh, tok, out);
    PyObject *v = memo_get(sh->infos, tok);
    if (!v)
        return -1;
    long bits = PyLong_Check(v) ? PyLong_AsLong(v) : -1;
    Py_DECREF(v);
    if (bits < 0 || bits > 255) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "a token's info must be an int 0..255");
        return -1;
    }
    *out = (unsigned char)bits;
    return 0;
}

/* quality._chunk_info of a chunk that _chunk_tokens hands to quality_tokens._quick_split
 * (not a special token, not a word of letters, not a word and one closing mark), when
 * _quick_split reads it and merges no pieces: the same tokens, step by step as there (see
 * its docstring), and their info bytes. Sets *entry to a new (tokens, infos) tuple and
 * returns 1; returns 0 for any other chunk (quality._chunk_info reads it), -1 on error. */
static int
split_chunk(const Shapes *sh, PyObject *chunk, PyObject **entry)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(chunk);
    int kind = PyUnicode_KIND(chunk);
    const void *data = PyUnicode_DATA(chunk);
#define AT(i) PyUnicode_READ(kind, data, (i))
    if (n == 0)
        return 0;
    Py_ssize_t alpha = 0;
    while (alpha < n && Py_UNICODE_ISALPHA(AT(alpha)))
        alpha++;
    if (alpha == n)
        return 0;
    if (alpha == n - 1 && n >= 2) {
        Py_UCS4 last = AT(n - 1);
        if ((last < 128 && strchr(",;:!?", (int)last) && last) ||
            (last == '.' && Py_UNICODE_ISLOWER(AT(n - 2))))
            return 0;
    }
    int r = PyDict_Contains(sh->specials, chunk);
    if (r != 0)
        return r < 0 ? -1 : 0;
    Py_ssize_t start = in_marks(AT(0), OPEN_MARKS) ? 1 : 0;
    Py_ssize_t end = n;
    Py_ssize_t ends_small[16];
    Py_ssize_t *ends = n + 1 <= 16 ? ends_small : (Py_ssize_t *)malloc((size_t)(n + 1) *
                                                                      sizeof(Py_ssize_t));
    PyObject **toks = NULL;
    unsigned char *infos = NULL;
    Py_ssize_t nt = 0, ne = 0;
    int rc = 0;
    if (!ends) {
        PyErr_NoMemory();
        return -1;
    }
    ends[ne++] = n;
    while (end > start) {
        Py_UCS4 c = AT(end - 1);
        if (in_marks(c, CLOSE_MARKS)) {
            end -= 1;
        } else if (c == '.' && end - 2 >= start) {
            Py_UCS4 p = AT(end - 2);
            if (!(BEFORE_PERIOD(p) || in_marks(p, CLOSE_MARKS) ||
                  (IS_UPPER_ASCII(p) && end - 3 >= start && IS_UPPER_ASCII(AT(end - 3)))))
                goto out;
            end -= 1;
        } else if ((c == 's' || c == 'S') && end - 2 > start && IS_APOSTROPHE(AT(end - 2))) {
            end -= 2;
        } else {
            break;
        }
        ends[ne++] = end;
    }
    if (end <= start)
        goto out;
    int number = IS_DIGIT(AT(start));
    int plain = 1; /* the core is one piece: a number or a word of letters */
    if (number) {
        /* [0-9]+(?:[.,][0-9]+)* */
        Py_ssize_t i = start;
        while (i < end) {
            if (i > start) {
                Py_UCS4 sep = AT(i);
                if ((sep != '.' && sep != ',') || i + 1 >= end || !IS_DIGIT(AT(i + 1)))
                    goto out;
                i++;
            }
            while (i < end && IS_DIGIT(AT(i)))
                i++;
        }
    } else {
        if (!Py_UNICODE_ISALPHA(AT(start)) || !Py_UNICODE_ISALPHA(AT(end - 1)))
            goto out;
        /* words of letters and apostrophes, each starting and ending with a letter,
         * joined by single dashes */
        Py_ssize_t w = start; /* start of the current word */
        for (Py_ssize_t i = start; i <= end; i++) {
            Py_UCS4 c = i < end ? AT(i) : '-';
            if (IS_DASH(c)) {
                if (i == w || !Py_UNICODE_ISALPHA(AT(w)) || !Py_UNICODE_ISALPHA(AT(i - 1)))
                    goto out;
                w = i + 1;
                if (i < end)
                    plain = 0;
            } else if (!Py_UNICODE_ISALPHA(c)) {
                if (!IS_APOSTROPHE(c))
                    goto out;
                plain = 0;
            }
        }
    }
    for (Py_ssize_t k = 0; k < ne; k++) {
        r = special_slice(sh, chunk, 0, ends[k]);
        if (r == 0 && start)
            r = special_slice(sh, chunk, start, ends[k]);
        if (r != 0) {
            rc = r < 0 ? -1 : 0;
            goto out;
        }
    }
    toks = (PyObject **)malloc((size_t)(n + 1) * sizeof(PyObject *));
    infos = (unsigned char *)malloc((size_t)(n + 1));
    if (!toks || !infos) {
        PyErr_NoMemory();
        rc = -1;
        goto out;
    }
#define PUSH(a, b)                                                                         \
    do {                                                                                   \
        PyObject *t_ = PyUnicode_Substring(chunk, (a), (b));                               \
        if (!t_) {                                                                         \
            rc = -1;                                                                       \
            goto out;                                                                      \
        }                                                                                  \
        toks[nt++] = t_;                                                                   \
    } while (0)
    if (start)
        PUSH(0, 1);
    if (number || plain) {
        PUSH(start, end);
    } else {
        Py_ssize_t w = start;
        for (Py_ssize_t i = start; i < end; i++) {
            if (IS_DASH(AT(i))) {
                PUSH(w, i);
                PUSH(i, i + 1);
                w = i + 1;
            }
        }
        PUSH(w, end);
    }
    for (Py_ssize_t k = ne - 2; k >= 0; k--)
        PUSH(ends[k + 1], ends[k]);
#undef PUSH
    /* _merge_specials changes nothing unless two neighbours join into the beginning of a
     * mergeable special; the beginnings are closed under prefixes, so the first of the two
     * must be one itself: only then is the join built */
    for (Py_ssize_t k = 0; k + 1 < nt; k++) {
        r = PySet_Contains(sh->merge, toks[k]);
        if (r > 0) {
            PyObject *joined = PyUnicode_Concat(toks[k], toks[k + 1]);
            if (!joined) {
                rc = -1;
                goto out;
            }
            r = PySet_Contains(sh->merge, joined);
            Py_DECREF(joined);
        }
        if (r != 0) {
            rc = r < 0 ? -1 : 0;
            goto out;
        }
    }
    for (Py_ssize_t k = 0; k < nt; k++) {
        if (token_info(sh, toks[k], &infos[k]) < 0) {
            rc = -1;
            goto out;
        }
    }
    PyObject *tup = PyTuple_New(nt);
    if (!tup) {
        rc = -1;
        goto out;
    }
    for (Py_ssize_t k = 0; k < nt; k++)
        PyTuple_SET_ITEM(tup, k, toks[k]); /* steals */
    nt = 0;
    PyObject *bytes = PyBytes_FromStringAndSize((const char *)infos, PyTuple_GET_SIZE(tup));
    *entry = bytes ? PyTuple_Pack(2, tup, bytes) : NULL;
    Py_DECREF(tup);
    Py_XDECREF(bytes);
    rc = *entry ? 1 : -1;
out:
#undef AT
    for (Py_ssize_t k = 0; k < nt; k++)
        Py_DECREF(toks[k]);
    free(toks);
    free(infos);
    if (ends != ends_small)
        free(ends);
    return rc;
}

/* A chunk's entry in the chunk memo: the memo's own, else split_chunk's (stored in the
 * memo as quality_tokens.Memo.__missing__ stores it: cleared first when full), else the
 * memo's __missing__ (quality._chunk_info). A new reference. */
static PyObject *
chunk_entry(const Shapes *sh, PyObject *memo, PyObject *chunk)
{
    PyObject *v = PyDict_GetItemWithError(memo, chunk);
    if (v != NULL || PyErr_Occurred())
        return Py_XNewRef(v);
    if (sh && sh->infos) {
        PyObject *entry = NULL;
        int r = split_chunk(sh, chunk, &entry);
        if (r < 0)
            return NULL;
        if (r) {
            if (PyDict_GET_SIZE(memo) >= sh->max_size)
                PyDict_Clear(memo);
            if (PyDict_SetItem(memo, chunk, entry) < 0) {
                Py_DECREF(entry);
                return NULL;
            }
            return entry;
        }
    }
    return PyObject_GetItem(memo, chunk);
}

static PyObject *
token_counts(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if ((nargs != 2 && nargs != 5 && nargs != 7) || !PyList_Check(args[0]) ||
        !PyDict_Check(args[1]) ||
        (nargs >= 5 && (!PyDict_Check(args[2]) || !PyDict_Check(args[3]) ||
                        !PyDict_Check(args[4]))) ||
        (nargs == 7 && (!PyDict_Check(args[5]) || !PyAnySet_Check(args[6])))) {
        PyErr_SetString(PyExc_TypeError,
                        "token_counts(raw_lines: list, chunk_infos: dict"
                        "[, specials: dict, stop_index: dict, mark_info: dict"
                        "[, token_infos: dict, merge_prefixes: set]])");
        return NULL;
    }
    PyObject *lines = args[0], *memo = args[1];
    Shapes shapes, *sh = NULL;
    if (nargs >= 5) {
        shapes.specials = args[2];
        shapes.stops = args[3];
        shapes.infos = nargs == 7 ? args[5] : NULL;
        shapes.merge = nargs == 7 ? args[6] : NULL;
        shapes.max_size = PY_SSIZE_T_MAX;
        if (nargs == 7) {
            PyObject *size = PyObject_GetAttrString(memo, "max_size");
            if (size) {
                shapes.max_size = PyLong_AsSsize_t(size);
                Py_DECREF(size);
                if (shapes.max_size == -1 && PyErr_Occurred())
                    return NULL;
            } else if (PyErr_ExceptionMatches(PyExc_AttributeError)) {
                PyErr_Clear(); /* a plain dict: no bound */
            } else {
                return NULL;
            }
        }
        memset(shapes.mark_info, 0, sizeof shapes.mark_info);
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        while (PyDict_Next(args[4], &pos, &key, &value)) {
            long v = PyLong_Check(value) ? PyLong_AsLong(value) : -1;
            if (!PyUnicode_Check(key) || PyUnicode_GET_LENGTH(key) != 1 ||
                PyUnicode_READ_CHAR(key, 0) >= 128 || v <= 0 || v > 255) {
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_ValueError,
                                    "mark_info: one ASCII character -> an info byte 1..255");
                return NULL;
            }
            shapes.mark_info[PyUnicode_READ_CHAR(key, 0)] = (unsigned char)v;
        }
        sh = &shapes;
    }
    Py_ssize_t n_lines = PyList_GET_SIZE(lines);
    PyObject *vocab = PyDict_New();
    PyObject *sentences = PyBytes_FromStringAndSize(NULL, n_lines * (Py_ssize_t)sizeof(int32_t));
    Tokens toks = {NULL, NULL, 0, 0};
    PyObject *result = NULL;
    if (!vocab || !sentences)
        goto done;
    int32_t *sent = (int32_t *)PyBytes_AS_STRING(sentences);
    long long n_symbol = 0, letters = 0, n_alpha = 0;
    long stop_mask = 0;
    for (Py_ssize_t li = 0; li < n_lines; li++) {
        PyObject *parts = PyUnicode_Split(PyList_GET_ITEM(lines, li), NULL, -1);
        if (!parts)
            goto done;
        Py_ssize_t line_tokens = 0;
        int32_t breaks = 0;
        int after_end = 0; /* a sentence-final mark seen, no word token since */
        for (Py_ssize_t ci = 0; ci < PyList_GET_SIZE(parts); ci++) {
            PyObject *chunk = PyList_GET_ITEM(parts, ci);
            PyObject *quick[2];
            unsigned char quick_info[2];
            Py_ssize_t nq = sh ? quick_chunk(sh, chunk, quick, quick_info) : 0;
            if (nq < 0) {
                Py_DECREF(parts);
                goto done;
            }
            PyObject *entry = NULL;
            PyObject *const *tokv = quick;
            const unsigned char *info = quick_info;
            Py_ssize_t ntok = nq;
            if (!nq) {
                entry = chunk_entry(sh, memo, chunk);
                if (!entry) {
                    Py_DECREF(parts);
                    goto done;
                }
                PyObject *tup = PyTuple_Check(entry) && PyTuple_GET_SIZE(entry) == 2
                                    ? PyTuple_GET_ITEM(entry, 0) : NULL;
                PyObject *infos = tup ? PyTuple_GET_ITEM(entry, 1) : NULL;
                if (!tup || !PyTuple_Check(tup) || !PyBytes_Check(infos) ||
                    PyBytes_GET_SIZE(infos) != PyTuple_GET_SIZE(tup)) {
                    PyErr_SetString(PyExc_TypeError,
                                    "a chunk's entry must be (tokens: tuple, infos: bytes)");
                    Py_DECREF(entry);
                    Py_DECREF(parts);
                    goto done;
                }
                info = (const unsigned char *)PyBytes_AS_STRING(infos);
                tokv = &PyTuple_GET_ITEM(tup, 0);
                ntok = PyTuple_GET_SIZE(tup);
            }
            for (Py_ssize_t ti = 0; ti < ntok; ti++) {
                PyObject *tok = tokv[ti];
                long long id = PyUnicode_Check(tok) ? vocab_id(vocab, tok) : -1;
                if (id < 0 || tokens_push(&toks, (uint64_t)id, PyUnicode_GET_LENGTH(tok)) < 0) {
                    if (!PyErr_Occurred())
                        PyErr_SetString(PyExc_TypeError, "a token must be a str");
                    for (Py_ssize_t q = 0; q < nq; q++)
                        Py_DECREF(quick[q]);
                    Py_XDECREF(entry);
                    Py_DECREF(parts);
                    goto done;
                }
                unsigned int bits = info[ti];
                unsigned int cls = bits & 3;
                if (cls == 2)
                    after_end = 1;
                else if (cls == 0) {
                    if (after_end)
                        breaks++;
                    after_end = 0;
                }
                if (bits & 4)
                    n_alpha++;
                if (bits & 8)
                    n_symbol++;
                else
                    letters += PyUnicode_GET_LENGTH(tok);
                if (bits >> 4)
                    stop_mask |= 1L << ((bits >> 4) - 1);
                line_tokens++;
            }
            for (Py_ssize_t q = 0; q < nq; q++)
                Py_DECREF(quick[q]);
            Py_XDECREF(entry);
        }
        Py_DECREF(parts);
        sent[li] = line_tokens ? 1 + breaks : 0;
    }
    int64_t top[3], dup[6];
    if (ngram_core(toks.n, toks.ids, toks.cum, PyDict_GET_SIZE(vocab), top, dup) < 0)
        goto done;
    PyObject *ng = ngram_tuples(top, dup);
    if (!ng)
        goto done;
    result = Py_BuildValue("(nLLLlON)", toks.n, n_symbol, letters, n_alpha, stop_mask,
                           sentences, ng);
done:
    Py_XDECREF(vocab);
    Py_XDECREF(sentences);
    free(toks.ids);
    free(toks.cum);
    return result;
}

static PyObject *
ngram_repetition(PyObject *self, PyObject *words)
{
    PyObject *seq = PySequence_Fast(words, "ngram_repetition(words: list of str)");
    if (!seq)
        return NULL;
    Py_ssize_t m = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    PyObject *vocab = PyDict_New();
    Tokens toks = {NULL, NULL, 0, 0};
    PyObject *result = NULL;
    if (!vocab)
        goto done;
    for (Py_ssize_t i = 0; i < m; i++) {
        if (!PyUnicode_Check(items[i])) {
            PyErr_SetString(PyExc_TypeError, "ngram_repetition: a token must be a str");
            goto done;
        }
        long long id = vocab_id(vocab, items[i]);
        if (id < 0 || tokens_push(&toks, (uint64_t)id, PyUnicode_GET_LENGTH(items[i])) < 0) {
            if (!PyErr_Occurred())
                PyErr_NoMemory();
            goto done;
        }
    }
    int64_t top[3], dup[6];
    if (ngram_core(m, toks.ids, toks.cum, PyDict_GET_SIZE(vocab), top, dup) < 0)
        goto done;
    result = ngram_tuples(top, dup);
done:
    Py_DECREF(seq);
    Py_XDECREF(vocab);
    free(toks.ids);
    free(toks.cum);
    return result;
}


/* ---- accents.has_bad_onset: does a word of the text start like a stripped word? ----
 * The reference is the pair of regular expressions in assess/forensics/accents.py:
 * _BAD_ONSET_START.match(text) or _BAD_ONSET_AFTER.search(text). Both ask, at some
 * position i (i == 0, or the character before it is none of re's \w, '@#/.-'), for a run
 * of n ASCII consonants of one case followed by a vowel of the same case, the n letters
 * being no onset of that case (the fixed-width lookbehinds): 2 <= n <= 4 in lower case,
 * 2 <= n <= 3 in upper case. A vowel is no consonant, so n can only be the whole run of
 * consonants from i. (str patterns: \w is Py_UNICODE_ISALNUM or '_', as in sre.) */

static int
onset_cons(Py_UCS4 c, int upper)
{
    if (upper)
        c = c - 'A' + 'a';
    if (c < 'a' || c > 'z')
        return 0;
    return !(c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y');
}

static int
onset_vowel(Py_UCS4 c, int upper)
{
    if (upper)
        c = c - 'A' + 'a';
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static PyObject *
bad_onset(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3 || !PyUnicode_Check(args[0]) || !PyAnySet_Check(args[1])
        || !PyAnySet_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "bad_onset(text, lower_onsets, upper_onsets)");
        return NULL;
    }
    PyObject *text = args[0];
    if (PyUnicode_READY(text) < 0)
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    int after_word = 0; /* the character before i is \w or one of @#/.- */
    for (Py_ssize_t i = 0; i + 2 < len; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        int was_after_word = after_word;
        if (c < 128) {
            after_word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                         || c == '_' || c == '@' || c == '#' || c == '/' || c == '.' || c == '-';
        } else {
            after_word = Py_UNICODE_ISALNUM(c) ? 1 : 0;
            continue;
        }
        if (was_after_word)
            continue;
        int upper;
        if (c >= 'a' && c <= 'z')
            upper = 0;
        else if (c >= 'A' && c <= 'Z')
            upper = 1;
        else
            continue;
        if (!onset_cons(c, upper))
            continue;
        Py_ssize_t longest = upper ? 3 : 4, n = 1;
        while (i + n < len && n <= longest && onset_cons(PyUnicode_READ(kind, data, i + n), upper))
            n++;
        if (n < 2 || n > longest || i + n >= len
            || !onset_vowel(PyUnicode_READ(kind, data, i + n), upper))
            continue;
        PyObject *run = PyUnicode_Substring(text, i, i + n);
        if (run == NULL)
            return NULL;
        int known = PySet_Contains(upper ? args[2] : args[1], run);
        Py_DECREF(run);
        if (known < 0)
            return NULL;
        if (!known)
            Py_RETURN_TRUE;
    }
    Py_RETURN_FALSE;
}

/* ---- C4's line pass (quality._c4): one pass over the raw lines, no str per line ---- */

/* A line's code points folded as str.lower() folds them for the phrases C4 looks for:
 * ASCII lower-cased, KELVIN SIGN to 'k' (the only non-ASCII code point whose lower case is
 * an ASCII letter alone); every other code point to 1, which no phrase holds (U+0130's
 * lower case is 'i' and a combining dot, and no phrase has an 'i' as its last letter or
 * followed by anything but a letter). */
static const char *C4_POLICY_PHRASES[] = {
    "terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies",
    "use cookies", NULL,
};

static int
c4_fold(int kind, const void *data, Py_ssize_t lo, Py_ssize_t hi, char **buf, Py_ssize_t *cap)
{
    Py_ssize_t n = hi - lo;
    if (n + 1 > *cap) {
        char *nb = PyMem_Realloc(*buf, (size_t)(n + 1));
        if (!nb) {
            PyErr_NoMemory();
            return -1;
        }
        *buf = nb;
        *cap = n + 1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, lo + i);
        char f;
        if (c < 128)
            f = (char)(c >= 'A' && c <= 'Z' ? c + 32 : (c ? c : 1));
        else
            f = c == 0x212A ? 'k' : 1;
        (*buf)[i] = f;
    }
    (*buf)[n] = 0;
    return 0;
}

/* c4_lines(raw_lines, sentences) -> (sentences, lorem, curly, [(kind, index, start)]) or
 * None. ``sentences``: the int32 buffer of token_counts (each raw line's sentence count).
 * quality._c4 without its citation cut: a document with a '[' in a stripped line is left to
 * it (None). kind 0 is a lorem-ipsum flag, 1 a curly-bracket one. */
static PyObject *
c4_lines(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyList_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "c4_lines(raw_lines: list[str], sentences: bytes)");
        return NULL;
    }
    PyObject *lines = args[0];
    Py_buffer view;
    if (PyObject_GetBuffer(args[1], &view, PyBUF_SIMPLE) < 0)
        return NULL;
    Py_ssize_t n_lines = PyList_GET_SIZE(lines);
    if (view.len < n_lines * (Py_ssize_t)sizeof(int32_t)) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "c4_lines: fewer sentence counts than lines");
        return NULL;
    }
    const int32_t *sent = (const int32_t *)view.buf;
    PyObject *flags = PyList_New(0);
    char *buf = NULL;
    Py_ssize_t cap = 0;
    long long sentences = 0;
    int lorem = 0, curly = 0;
    Py_ssize_t offset = 0;
    if (!flags)
        goto fail;
    for (Py_ssize_t index = 0; index < n_lines; index++) {
        PyObject *raw = PyList_GET_ITEM(lines, index);
        if (!PyUnicode_Check(raw)) {
            PyErr_SetString(PyExc_TypeError, "c4_lines: a line is not a str");
            goto fail;
        }
        int kind = PyUnicode_KIND(raw);
        const void *data = PyUnicode_DATA(raw);
        Py_ssize_t len = PyUnicode_GET_LENGTH(raw);
        Py_ssize_t start = offset;
        offset += len;
        Py_ssize_t lo = 0, hi = len;
        while (lo < hi && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, lo)))
            lo++;
        while (hi > lo && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, hi - 1)))
            hi--;
        /* whitespace-split words: their count (to 3) and whether one is over 1000 long */
        int n_words = 0, too_long = 0, bracket = 0, brace = 0;
        Py_ssize_t run = 0;
        for (Py_ssize_t i = lo; i < hi; i++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            if (Py_UNICODE_ISSPACE(c)) {
                run = 0;
                continue;
            }
            if (run++ == 0)
                n_words++;
            if (run > 1000)
                too_long = 1;
            if (c == '[')
                bracket = 1;
            else if (c == '{')
                brace = 1;
        }
        if (too_long)
            continue;
        if (bracket) { /* a citation may be cut: quality._c4 does the document */
            Py_DECREF(flags);
            PyMem_Free(buf);
            PyBuffer_Release(&view);
            Py_RETURN_NONE;
        }
        if (hi == lo)
            continue;
        Py_UCS4 last = PyUnicode_READ(kind, data, hi - 1);
        if (!(last == '.' || last == '?' || last == '!' || last == '"' || last == '\''))
            continue;
        if (last == '.' && hi - lo >= 3 && PyUnicode_READ(kind, data, hi - 2) == '.'
            && PyUnicode_READ(kind, data, hi - 3) == '.')
            continue;
        if (n_words < 3)
            continue;
        if (c4_fold(kind, data, lo, hi, &buf, &cap) < 0)
            goto fail;
        if (strstr(buf, "lorem ipsum")) {
            if (!lorem && !curly) {
                PyObject *f = Py_BuildValue("(inn)", 0, index, start);
                if (!f || PyList_Append(flags, f) < 0) {
                    Py_XDECREF(f);
                    goto fail;
                }
                Py_DECREF(f);
            }
            lorem = 1;
        }
        if (strstr(buf, "javascript"))
            continue;
        if (brace) {
            if (!curly && !lorem) {
                PyObject *f = Py_BuildValue("(inn)", 1, index, start);
                if (!f || PyList_Append(flags, f) < 0) {
                    Py_XDECREF(f);
                    goto fail;
                }
                Py_DECREF(f);
            }
            curly = 1;
        }
        int policy = 0;
        for (const char **p = C4_POLICY_PHRASES; *p && !policy; p++)
            policy = strstr(buf, *p) != NULL;
        if (policy)
            continue;
        sentences += sent[index];
    }
    PyMem_Free(buf);
    PyBuffer_Release(&view);
    return Py_BuildValue("(LiiN)", sentences, lorem, curly, flags);
fail:
    Py_XDECREF(flags);
    PyMem_Free(buf);
    PyBuffer_Release(&view);
    return NULL;
}

/* gopher_lines(raw_lines) -> (bullet lines, lines ending in an ellipsis): quality's
 * _gopher_scores counts of text.splitlines(), read from the same lines with their ends
 * (a line end is whitespace, so lstrip and rstrip see the same characters). */
static PyObject *
gopher_lines(PyObject *self, PyObject *lines)
{
    if (!PyList_Check(lines)) {
        PyErr_SetString(PyExc_TypeError, "gopher_lines(raw_lines: list[str])");
        return NULL;
    }
    Py_ssize_t bullets = 0, ends = 0, n = PyList_GET_SIZE(lines);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *raw = PyList_GET_ITEM(lines, i);
        if (!PyUnicode_Check(raw)) {
            PyErr_SetString(PyExc_TypeError, "gopher_lines: a line is not a str");
            return NULL;
        }
        int kind = PyUnicode_KIND(raw);
        const void *data = PyUnicode_DATA(raw);
        Py_ssize_t lo = 0, hi = PyUnicode_GET_LENGTH(raw);
        while (lo < hi && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, lo)))
            lo++;
        if (lo == hi)
            continue;
        while (Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, hi - 1)))
            hi--;
        Py_UCS4 first = PyUnicode_READ(kind, data, lo);
        bullets += first == 0x2022 || first == '-';
        Py_UCS4 last = PyUnicode_READ(kind, data, hi - 1);
        ends += last == 0x2026 || (last == '.' && hi - lo >= 3
                                   && PyUnicode_READ(kind, data, hi - 2) == '.'
                                   && PyUnicode_READ(kind, data, hi - 3) == '.');
    }
    return Py_BuildValue("(nn)", bullets, ends);
}

static PyMethodDef methods[] = {
    {"gopher_lines", (PyCFunction)gopher_lines, METH_O,
     "quality._gopher_scores' (bullet lines, ellipsis-ended lines) of the raw lines."},
    {"c4_lines", (PyCFunction)(void (*)(void))c4_lines, METH_FASTCALL,
     "quality._c4's line pass: (sentences, lorem, curly, flags) or None (see the source)."},
    {"token_counts", (PyCFunction)(void (*)(void))token_counts, METH_FASTCALL,
     "Token-level counts of the quality signals (see the module source)."},
    {"ngram_repetition", (PyCFunction)ngram_repetition, METH_O,
     "quality_ngrams.ngram_repetition as (top 2..4 tuple, dup 5..10 tuple)."},
    {"bad_onset", (PyCFunction)(void (*)(void))bad_onset, METH_FASTCALL,
     "accents.has_bad_onset(text) given the onsets in lower and in upper case."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_quality_native",
    "Compiled token loop of newssift.assess.quality (see the C source).", -1, methods,
};

PyMODINIT_FUNC
PyInit__quality_native(void)
{
    PyObject *m = PyModule_Create(&module);
    if (m && (PyModule_AddIntConstant(m, "QUICK_SHAPES", 1) < 0 ||
              PyModule_AddIntConstant(m, "QUICK_SPLIT", 1) < 0)) {
        Py_DECREF(m);
        return NULL;
    }
    if (m) {
        /* quality_tokens' _OPEN, _CLOSE as split_chunk reads them (for the tests) */
        PyObject *sets = Py_BuildValue(
            "(NN)",
            PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, OPEN_MARKS,
                                      sizeof OPEN_MARKS / sizeof *OPEN_MARKS - 1),
            PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, CLOSE_MARKS,
                                      sizeof CLOSE_MARKS / sizeof *CLOSE_MARKS - 1));
        if (!sets || PyModule_AddObject(m, "SPLIT_SETS", sets) < 0) {
            Py_XDECREF(sets);
            Py_DECREF(m);
            return NULL;
        }
    }
    return m;
}
