/* Compiled helpers of the cleaner (optional; each has a Python twin giving the same answers).
 *
 * 1. Does a text hold any of a fixed set of keywords? The cleaner's keyword screens.
 *
 * The line rules clear most lines with one test: "is any keyword of the table a substring of
 * this line?" (rules.py: the SEARCH keywords, the caption screens). Python's regex engine runs
 * that test as a trie of the keywords tried at every position of the line, ~50 ns a character.
 * Here a table indexes the keywords by their first two characters (a 4096-slot hash of the
 * pair; one-character keywords by a bitmap of their character), so most positions are passed
 * over after one table look-up. The answer is exactly `any(k in text for k in keys)`:
 * candidates found through a hash slot are compared in full.
 *
 *   table(keys: tuple[str, ...]) -> capsule
 *   any_in(table, text: str) -> bool
 *
 * Without this module rules.py uses the regex trie (the same answers).
 *
 * 3. The hashed features of a document's lines for the line model (features.hashed_doc):
 *
 *   line_keys(lines: list[str], n_hash: int) -> bytes | None
 *
 * gives, as native int64 values, every `line * n_hash + feature` key that hashed_doc's numpy
 * code builds (unigrams, bigrams, first and last token, length bucket; repeats included: the
 * caller takes np.unique) for lines already lower-cased. Tokens are those of
 * `re.findall(r"\w+|[^\w\s]", line)` (\w: Py_UNICODE_ISALNUM or '_', \s:
 * Py_UNICODE_ISSPACE, as _sre decides), each hashed as xxhash's xxh32 (seed 0) of its UTF-8
 * bytes, then combined with hashed_doc's arithmetic on int64. None for a line holding a
 * surrogate (its encoding fails: the Python code raises its own error).
 *
 * 2. Stem counts of a text for the line model's topical overlap (topic.StemCounts):
 *
 *   stem_counts(text: str, stop: frozenset, min_len: int, prefix: int) -> dict[str, int]
 *
 * is, for a text already lower-cased, the count of each `w[:prefix]` over the words
 * `w` of `re.findall(r"[^\W\d_]{min_len,}", text)` that are not in `stop`. A character
 * belongs to a word exactly as the regex engine (_sre) decides it: Py_UNICODE_ISALNUM and
 * not Py_UNICODE_ISDECIMAL (\w is ISALNUM or '_', \d is ISDECIMAL), the same CPython
 * tables; a word is a maximal run of such characters. Without this module topic.py runs
 * the regex itself.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#define NSLOT 4096
#define SINGLE_BITS 4096

typedef struct {
    Py_ssize_t n;       /* keywords */
    int always;         /* an empty keyword: every text holds it */
    Py_UCS4 **key;      /* code points of each keyword */
    Py_ssize_t *len;
    int32_t *next;      /* chain of keywords in the same slot, -1 ends */
    int32_t slot[NSLOT];/* first keyword of each pair slot, -1 none */
    int has_single;
    uint64_t single_bits[SINGLE_BITS / 64];
    Py_UCS4 *single;    /* the one-character keywords */
    Py_ssize_t n_single;
} KeyTable;

static inline unsigned pair_slot(Py_UCS4 a, Py_UCS4 b) {
    uint32_t h = (uint32_t)a * 0x9E3779B1u ^ ((uint32_t)b * 0x85EBCA77u);
    return (h >> 20) & (NSLOT - 1);
}

static void table_free(KeyTable *t) {
    if (!t) return;
    if (t->key) {
        for (Py_ssize_t i = 0; i < t->n; i++) PyMem_Free(t->key[i]);
    }
    PyMem_Free(t->key);
    PyMem_Free(t->len);
    PyMem_Free(t->next);
    PyMem_Free(t->single);
    PyMem_Free(t);
}

static void capsule_free(PyObject *cap) {
    table_free((KeyTable *)PyCapsule_GetPointer(cap, "newssift.keytable"));
}

static PyObject *py_table(PyObject *self, PyObject *arg) {
    if (!PyTuple_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "table() takes a tuple of str");
        return NULL;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(arg);
    KeyTable *t = PyMem_Calloc(1, sizeof(KeyTable));
    if (!t) return PyErr_NoMemory();
    t->n = n;
    t->key = PyMem_Calloc(n ? n : 1, sizeof(Py_UCS4 *));
    t->len = PyMem_Calloc(n ? n : 1, sizeof(Py_ssize_t));
    t->next = PyMem_Calloc(n ? n : 1, sizeof(int32_t));
    t->single = PyMem_Calloc(n ? n : 1, sizeof(Py_UCS4));
    if (!t->key || !t->len || !t->next || !t->single) {
        table_free(t);
        return PyErr_NoMemory();
    }
    for (int s = 0; s < NSLOT; s++) t->slot[s] = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *k = PyTuple_GET_ITEM(arg, i);
        if (!PyUnicode_Check(k)) {
            table_free(t);
            PyErr_SetString(PyExc_TypeError, "table() takes a tuple of str");
            return NULL;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(k);
        t->len[i] = len;
        t->next[i] = -1;
        if (len == 0) {
            t->always = 1;
            continue;
        }
        t->key[i] = PyUnicode_AsUCS4Copy(k);
        if (!t->key[i]) {
            table_free(t);
            return NULL;
        }
        if (len == 1) {
            Py_UCS4 c = t->key[i][0];
            t->single_bits[(c % SINGLE_BITS) / 64] |= (uint64_t)1 << (c % 64);
            t->single[t->n_single++] = c;
            t->has_single = 1;
        } else {
            unsigned s = pair_slot(t->key[i][0], t->key[i][1]);
            t->next[i] = t->slot[s];
            t->slot[s] = (int32_t)i;
        }
    }
    PyObject *cap = PyCapsule_New(t, "newssift.keytable", capsule_free);
    if (!cap) table_free(t);
    return cap;
}

#define SCAN(TYPE)                                                                        \
    {                                                                                     \
        const TYPE *s = (const TYPE *)data;                                               \
        for (Py_ssize_t i = 0; i < n; i++) {                                              \
            Py_UCS4 c = s[i];                                                             \
            if (t->has_single &&                                                          \
                (t->single_bits[(c % SINGLE_BITS) / 64] >> (c % 64) & 1)) {               \
                for (Py_ssize_t j = 0; j < t->n_single; j++)                              \
                    if (t->single[j] == c) return 1;                                      \
            }                                                                             \
            if (i + 1 >= n) break;                                                        \
            int32_t k = t->slot[pair_slot(c, s[i + 1])];                                  \
            for (; k >= 0; k = t->next[k]) {                                              \
                Py_ssize_t len = t->len[k];                                               \
                if (len > n - i) continue;                                                \
                const Py_UCS4 *key = t->key[k];                                           \
                Py_ssize_t m = 0;                                                         \
                while (m < len && (Py_UCS4)s[i + m] == key[m]) m++;                       \
                if (m == len) return 1;                                                   \
            }                                                                             \
        }                                                                                 \
        return 0;                                                                         \
    }

static int holds_any(const KeyTable *t, PyObject *text) {
    if (t->always) return 1;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: SCAN(Py_UCS1)
    case PyUnicode_2BYTE_KIND: SCAN(Py_UCS2)
    default: SCAN(Py_UCS4)
    }
}

static PyObject *py_any_in(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "any_in(table, text) takes two arguments");
        return NULL;
    }
    KeyTable *t = (KeyTable *)PyCapsule_GetPointer(args[0], "newssift.keytable");
    if (!t) return NULL;
    if (!PyUnicode_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "any_in() text must be str");
        return NULL;
    }
    if (PyUnicode_READY(args[1]) < 0) return NULL;
    return PyBool_FromLong(holds_any(t, args[1]));
}

static inline int word_char(Py_UCS4 c) {
    if (c < 128) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return Py_UNICODE_ISALNUM(c) && !Py_UNICODE_ISDECIMAL(c);
}

static PyObject *stem_dict(PyObject *text, PyObject *stop, Py_ssize_t min_len,
                           Py_ssize_t prefix);

static PyObject *py_stem_counts(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || !PyUnicode_Check(args[0]) || !PyAnySet_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "stem_counts(text: str, stop: set, min_len, prefix)");
        return NULL;
    }
    Py_ssize_t min_len = PyLong_AsSsize_t(args[2]);
    Py_ssize_t prefix = PyLong_AsSsize_t(args[3]);
    if ((min_len == -1 || prefix == -1) && PyErr_Occurred()) return NULL;
    if (min_len < 1 || prefix < 1) {
        PyErr_SetString(PyExc_ValueError, "min_len and prefix must be positive");
        return NULL;
    }
    return stem_dict(args[0], args[1], min_len, prefix);
}

/* the stem counts of a lower-cased text (see the file's head); stop: a set of str */
static PyObject *stem_dict(PyObject *text, PyObject *stop, Py_ssize_t min_len,
                           Py_ssize_t prefix) {
    if (PyUnicode_READY(text) < 0) return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    /* a word longer than every stop word is not one: no look-up. The bound of a frozenset
     * (the one topic.STOP, called for every line the features ask about) is kept with a
     * reference to it: it cannot change */
    static PyObject *bound_of = NULL;
    static Py_ssize_t bound = 0;
    Py_ssize_t stop_max = 0;
    if (stop == bound_of) {
        stop_max = bound;
    } else {
        PyObject *it = PyObject_GetIter(stop), *key;
        if (!it) return NULL;
        while ((key = PyIter_Next(it))) {
            /* a key of another type is never equal to a word: it sets no bound */
            if (PyUnicode_Check(key) && PyUnicode_GET_LENGTH(key) > stop_max)
                stop_max = PyUnicode_GET_LENGTH(key);
            Py_DECREF(key);
        }
        Py_DECREF(it);
        if (PyErr_Occurred()) return NULL;
        if (PyFrozenSet_CheckExact(stop)) {
            Py_INCREF(stop);
            Py_XSETREF(bound_of, stop);
            bound = stop_max;
        }
    }
    PyObject *out = PyDict_New();
    if (!out) return NULL;
    Py_ssize_t i = 0;
    while (i < n) {
        if (!word_char(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        Py_ssize_t a = i;
        while (i < n && word_char(PyUnicode_READ(kind, data, i))) i++;
        if (i - a < min_len) continue;
        PyObject *stem = NULL;
        if (i - a <= stop_max) {
            PyObject *word = PyUnicode_Substring(text, a, i);
            if (!word) goto fail;
            int in_stop = PySet_Contains(stop, word);
            if (in_stop != 0 || i - a > prefix) {
                Py_DECREF(word);
                if (in_stop < 0) goto fail;
                if (in_stop) continue;
            } else {
                stem = word; /* the word is its own stem */
            }
        }
        if (!stem)
            stem = PyUnicode_Substring(text, a, (i - a > prefix) ? a + prefix : i);
        if (!stem) goto fail;
        PyObject *old = PyDict_GetItemWithError(out, stem);
        long c = 1;
        if (old) {
            c = PyLong_AsLong(old) + 1;
        } else if (PyErr_Occurred()) {
            Py_DECREF(stem);
            goto fail;
        }
        PyObject *val = PyLong_FromLong(c);
        if (!val || PyDict_SetItem(out, stem, val) < 0) {
            Py_XDECREF(val);
            Py_DECREF(stem);
            goto fail;
        }
        Py_DECREF(val);
        Py_DECREF(stem);
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}


/* ---- 3. the line model's hashed features ------------------------------------------- */

#define P32_1 0x9E3779B1U
#define P32_2 0x85EBCA77U
#define P32_3 0xC2B2AE3DU
#define P32_4 0x27D4EB2FU
#define P32_5 0x165667B1U

static inline uint32_t rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

static inline uint32_t read32(const unsigned char *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* xxh32 of len bytes, seed 0 (the xxHash specification) */
static uint32_t xxh32(const unsigned char *p, size_t len) {
    const unsigned char *end = p + len;
    uint32_t h;
    if (len >= 16) {
        uint32_t v1 = P32_1 + P32_2, v2 = P32_2, v3 = 0, v4 = 0U - P32_1;
        const unsigned char *limit = end - 16;
        do {
            v1 = rotl32(v1 + read32(p) * P32_2, 13) * P32_1; p += 4;
            v2 = rotl32(v2 + read32(p) * P32_2, 13) * P32_1; p += 4;
            v3 = rotl32(v3 + read32(p) * P32_2, 13) * P32_1; p += 4;
            v4 = rotl32(v4 + read32(p) * P32_2, 13) * P32_1; p += 4;
        } while (p <= limit);
        h = rotl32(v1, 1) + rotl32(v2, 7) + rotl32(v3, 12) + rotl32(v4, 18);
    } else {
        h = P32_5;
    }
    h += (uint32_t)len;
    while (p + 4 <= end) {
        h = rotl32(h + read32(p) * P32_3, 17) * P32_4;
        p += 4;
    }
    while (p < end) {
        h = rotl32(h + (*p) * P32_5, 11) * P32_1;
        p++;
    }
    h ^= h >> 15; h *= P32_2; h ^= h >> 13; h *= P32_3; h ^= h >> 16;
    return h;
}

static inline int tok_word(Py_UCS4 c) {
    if (c < 128) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    return Py_UNICODE_ISALNUM(c);
}

/* UTF-8 of data[a..b) into buf (4 bytes a code point); -1 for a surrogate */
static Py_ssize_t utf8_of(int kind, const void *data, Py_ssize_t a, Py_ssize_t b, unsigned char *buf) {
    Py_ssize_t k = 0;
    for (Py_ssize_t i = a; i < b; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 0x80) buf[k++] = (unsigned char)c;
        else if (c < 0x800) { buf[k++] = 0xC0 | (c >> 6); buf[k++] = 0x80 | (c & 0x3F); }
        else if (c < 0x10000) {
            if (c >= 0xD800 && c <= 0xDFFF) return -1;
            buf[k++] = 0xE0 | (c >> 12); buf[k++] = 0x80 | ((c >> 6) & 0x3F); buf[k++] = 0x80 | (c & 0x3F);
        } else {
            buf[k++] = 0xF0 | (c >> 18); buf[k++] = 0x80 | ((c >> 12) & 0x3F);
            buf[k++] = 0x80 | ((c >> 6) & 0x3F); buf[k++] = 0x80 | (c & 0x3F);
        }
    }
    return k;
}

typedef struct { int64_t *v; Py_ssize_t n, cap; } I64s;

static int i64_push(I64s *a, int64_t x) {
    if (a->n == a->cap) {
        Py_ssize_t cap = a->cap ? a->cap * 2 : 1024;
        int64_t *v = (int64_t *)realloc(a->v, (size_t)cap * sizeof(int64_t));
        if (!v) return -1;
        a->v = v; a->cap = cap;
    }
    a->v[a->n++] = x;
    return 0;
}

static inline int64_t pymod(int64_t a, int64_t m) { int64_t r = a % m; return r < 0 ? r + m : r; }

static PyObject *py_line_keys(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || !PyList_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "line_keys(lines: list[str], n_hash: int)");
        return NULL;
    }
    int64_t nh = PyLong_AsLongLong(args[1]);
    if (nh == -1 && PyErr_Occurred()) return NULL;
    if (nh <= 0 || nh > ((int64_t)1 << 40)) {
        PyErr_SetString(PyExc_ValueError, "n_hash out of range");
        return NULL;
    }
    PyObject *lines = args[0];
    Py_ssize_t n = PyList_GET_SIZE(lines);
    I64s keys = {NULL, 0, 0};
    unsigned char *buf = NULL;
    Py_ssize_t bufcap = 0;
    PyObject *out = NULL;
    int surrogate = 0;
    for (Py_ssize_t li = 0; li < n && !surrogate; li++) {
        PyObject *line = PyList_GET_ITEM(lines, li);
        if (!PyUnicode_Check(line)) {
            PyErr_SetString(PyExc_TypeError, "line_keys: a line must be str");
            goto done;
        }
        if (PyUnicode_READY(line) < 0) goto done;
        int kind = PyUnicode_KIND(line);
        const void *data = PyUnicode_DATA(line);
        Py_ssize_t len = PyUnicode_GET_LENGTH(line);
        if (len * 4 > bufcap) {
            unsigned char *b = (unsigned char *)realloc(buf, (size_t)(len * 4 + 16));
            if (!b) { PyErr_NoMemory(); goto done; }
            buf = b; bufcap = len * 4 + 16;
        }
        int64_t own = (int64_t)li * nh, prev = 0, first = 0, ntok = 0;
        Py_ssize_t i = 0;
        while (i < len) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            Py_ssize_t j = i + 1;
            if (tok_word(c)) {
                while (j < len && tok_word(PyUnicode_READ(kind, data, j))) j++;
            } else if (Py_UNICODE_ISSPACE(c)) {
                i = j;
                continue;
            }
            Py_ssize_t k = utf8_of(kind, data, i, j, buf);
            if (k < 0) { surrogate = 1; break; }
            int64_t th = (int64_t)xxh32(buf, (size_t)k);
            if (i64_push(&keys, own + pymod(th * 3 + 1, nh)) < 0) goto nomem;
            if (ntok) {
                if (i64_push(&keys, own + pymod((prev * 1000003) ^ (th * 7919 + 17), nh)) < 0) goto nomem;
            } else {
                first = th;
            }
            prev = th;
            ntok++;
            i = j;
        }
        if (surrogate) break;
        if (ntok) {
            if (i64_push(&keys, own + pymod(first * 5 + 2, nh)) < 0) goto nomem;
            if (i64_push(&keys, own + pymod(prev * 7 + 3, nh)) < 0) goto nomem;
        }
        int64_t capped = ntok < 40 ? ntok : 40;
        if (i64_push(&keys, own + pymod(capped / 4 * 2654435761LL + 99, nh)) < 0) goto nomem;
    }
    if (surrogate) {
        out = Py_None;
        Py_INCREF(out);
    } else {
        out = PyBytes_FromStringAndSize((const char *)keys.v, keys.n * (Py_ssize_t)sizeof(int64_t));
    }
    goto done;
nomem:
    PyErr_NoMemory();
done:
    free(keys.v);
    free(buf);
    return out;
}

/* ---- 4. the line model's dense features ------------------------------------------- */

/* features.dense(lines, rows) as float32 values (row after row, N_DENSE_COLS a row), each
 * computed as the Python code computes it: the same double operations in the same order
 * (sums left to right from zero, int / int as a double division, log1p and log from the
 * same libm), then rounded to float32 as numpy rounds a Python float. Characters are
 * classed by the same CPython tables: str.isalpha/isdigit/isupper/islower of one character
 * are Py_UNICODE_ISALPHA & co, \w is Py_UNICODE_ISALNUM or '_', \s and str.rstrip's
 * whitespace Py_UNICODE_ISSPACE. Case folding and lower-casing are the str methods
 * themselves; the three regexes no loop here replaces are passed in as bound methods. */

#define N_DENSE_COLS 40

static PyObject *s_casefold, *s_lower, *s_newline;

/* the longest str of a set (no longer word can be in it), remembered for the lexicon's
 * frozensets (they cannot change); -1 on error */
static Py_ssize_t set_bound(PyObject *set) {
    static PyObject *seen[8];
    static Py_ssize_t bounds[8];
    for (int i = 0; i < 8; i++)
        if (seen[i] == set) return bounds[i];
    Py_ssize_t m = 0;
    PyObject *it = PyObject_GetIter(set), *key;
    if (!it) return -1;
    while ((key = PyIter_Next(it))) {
        if (PyUnicode_Check(key) && PyUnicode_GET_LENGTH(key) > m) m = PyUnicode_GET_LENGTH(key);
        Py_DECREF(key);
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) return -1;
    if (PyFrozenSet_CheckExact(set)) {
        for (int i = 0; i < 8; i++)
            if (!seen[i]) {
                Py_INCREF(set);
                seen[i] = set;
                bounds[i] = m;
                break;
            }
    }
    return m;
}

/* over the words of re.findall(r"\w+", line.casefold()): their number, how many are in
 * fset and (with bset) how many in bset */
static int folded_hits(PyObject *line, PyObject *fset, Py_ssize_t fmax, PyObject *bset,
                       Py_ssize_t bmax, Py_ssize_t *nw, Py_ssize_t *fh, Py_ssize_t *bh) {
    PyObject *low = PyObject_CallMethodNoArgs(line, s_casefold);
    if (!low) return -1;
    if (PyUnicode_READY(low) < 0) { Py_DECREF(low); return -1; }
    int kind = PyUnicode_KIND(low);
    const void *data = PyUnicode_DATA(low);
    Py_ssize_t n = PyUnicode_GET_LENGTH(low), i = 0;
    Py_ssize_t maxlen = fmax > bmax ? fmax : bmax;
    *nw = *fh = *bh = 0;
    while (i < n) {
        if (!tok_word(PyUnicode_READ(kind, data, i))) { i++; continue; }
        Py_ssize_t a = i;
        while (i < n && tok_word(PyUnicode_READ(kind, data, i))) i++;
        (*nw)++;
        if (i - a > maxlen) continue;
        PyObject *w = PyUnicode_Substring(low, a, i);
        if (!w) { Py_DECREF(low); return -1; }
        int r = i - a <= fmax ? PySet_Contains(fset, w) : 0;
        if (r > 0) (*fh)++;
        if (r >= 0 && bset && i - a <= bmax) {
            r = PySet_Contains(bset, w);
            if (r > 0) (*bh)++;
        }
        Py_DECREF(w);
        if (r < 0) { Py_DECREF(low); return -1; }
    }
    Py_DECREF(low);
    return 0;
}

/* the share of the line's stems (own) the document holds more of than the line does */
static int overlap_of(PyObject *line, PyObject *topic, PyObject *stop, double *out) {
    PyObject *low = PyObject_CallMethodNoArgs(line, s_lower);
    if (!low) return -1;
    PyObject *own = stem_dict(low, stop, 4, 5);
    Py_DECREF(low);
    if (!own) return -1;
    Py_ssize_t n = PyDict_GET_SIZE(own), pos = 0, shared = 0;
    PyObject *k, *v;
    while (PyDict_Next(own, &pos, &k, &v)) {
        PyObject *d = PyDict_GetItemWithError(topic, k);
        if (!d) {
            if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, k);
            Py_DECREF(own);
            return -1;
        }
        int gt = PyObject_RichCompareBool(d, v, Py_GT);
        if (gt < 0) { Py_DECREF(own); return -1; }
        shared += gt;
    }
    Py_DECREF(own);
    *out = n ? (double)shared / (double)n : 1.0;
    return 0;
}

/* a first character features._BULLET matches: [•·▪◦►▶»›>*+\-–—] */
static inline int bullet_char(Py_UCS4 c) {
    switch (c) {
    case 0x2022: case 0xB7: case 0x25AA: case 0x25E6: case 0x25BA: case 0x25B6: case 0xBB:
    case 0x203A: case '>': case '*': case '+': case '-': case 0x2013: case 0x2014: return 1;
    }
    return 0;
}

static inline Py_ssize_t rstrip_end(int kind, const void *data, Py_ssize_t n) {
    while (n > 0 && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, n - 1))) n--;
    return n;
}

static PyObject *py_dense_rows(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 8 || !PyList_Check(args[0]) || !PyList_Check(args[1]) ||
        !PyAnySet_Check(args[2]) || !PyAnySet_Check(args[3]) || !PyAnySet_Check(args[4])) {
        PyErr_SetString(PyExc_TypeError,
                        "dense_rows(lines, rows, stop, function_words, boilerplate_words, "
                        "urlish_search, email_search, inner_end_findall)");
        return NULL;
    }
    PyObject *lines = args[0], *rows = args[1], *stop = args[2], *fset = args[3],
             *bset = args[4], *urlish = args[5], *email = args[6], *inner = args[7];
    Py_ssize_t n = PyList_GET_SIZE(lines), nr = PyList_GET_SIZE(rows);
    if (!s_casefold) {
        s_casefold = PyUnicode_InternFromString("casefold");
        s_lower = PyUnicode_InternFromString("lower");
        s_newline = PyUnicode_InternFromString("\n");
        if (!s_casefold || !s_lower || !s_newline) return NULL;
    }
    Py_ssize_t fmax = set_bound(fset), bmax = set_bound(bset);
    if (fmax < 0 || bmax < 0) return NULL;
    PyObject *out = PyBytes_FromStringAndSize(NULL, nr * N_DENSE_COLS * (Py_ssize_t)sizeof(float));
    if (!out || n == 0 || nr == 0) return out;
    float *o = (float *)PyBytes_AS_STRING(out);
    double *log_chars = PyMem_Calloc(n, sizeof(double)), *func = PyMem_Calloc(n, sizeof(double));
    char *ends = PyMem_Calloc(n, 1), *near = PyMem_Calloc(n, 1);
    Py_ssize_t *row_at = PyMem_Calloc(nr, sizeof(Py_ssize_t)), *boiler = PyMem_Calloc(n, sizeof(Py_ssize_t));
    PyObject *counts = PyDict_New(), *topic = NULL;
    if (!log_chars || !func || !ends || !near || !row_at || !boiler || !counts) {
        PyErr_NoMemory();
        goto fail;
    }
    double sum_log = 0.0;
    Py_ssize_t n_ends = 0;
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *line = PyList_GET_ITEM(lines, j);
        if (!PyUnicode_Check(line) || PyUnicode_READY(line) < 0) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "dense_rows: a line must be str");
            goto fail;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(line);
        log_chars[j] = log1p((double)len);
        sum_log += log_chars[j];
        int kind = PyUnicode_KIND(line);
        const void *data = PyUnicode_DATA(line);
        Py_ssize_t e = rstrip_end(kind, data, len);
        if (e > 0) {
            Py_UCS4 c = PyUnicode_READ(kind, data, e - 1);
            ends[j] = c == '.' || c == '!' || c == '?' || c == '"' || c == 0x201D || c == 0xBB ||
                      c == 0x2019 || c == 0x2026 || c == ')';
        }
        n_ends += ends[j];
        PyObject *old = PyDict_GetItemWithError(counts, line);
        if (!old && PyErr_Occurred()) goto fail;
        PyObject *val = PyLong_FromLong(old ? PyLong_AsLong(old) + 1 : 1);
        if (!val || PyDict_SetItem(counts, line, val) < 0) { Py_XDECREF(val); goto fail; }
        Py_DECREF(val);
    }
    for (Py_ssize_t r = 0; r < nr; r++) {
        Py_ssize_t i = PyLong_AsSsize_t(PyList_GET_ITEM(rows, r));
        if (i == -1 && PyErr_Occurred()) goto fail;
        if (i < 0 || i >= n) { PyErr_SetString(PyExc_IndexError, "dense_rows: row out of range"); goto fail; }
        row_at[r] = i;
        for (Py_ssize_t j = i - 2; j <= i + 2; j++)
            if (j >= 0 && j < n && near[j] != 2) near[j] = j == i ? 2 : (near[j] ? near[j] : 1);
    }
    for (Py_ssize_t j = 0; j < n; j++) {
        if (!near[j]) continue;
        Py_ssize_t nw, fh, bh;
        if (folded_hits(PyList_GET_ITEM(lines, j), fset, fmax, near[j] == 2 ? bset : NULL, bmax,
                        &nw, &fh, &bh) < 0) goto fail;
        if (nw) func[j] = (double)fh / (double)nw;
        boiler[j] = bh;
    }
    {
        PyObject *joined = PyUnicode_Join(s_newline, lines);
        if (!joined) goto fail;
        PyObject *low = PyObject_CallMethodNoArgs(joined, s_lower);
        Py_DECREF(joined);
        if (!low) goto fail;
        topic = stem_dict(low, stop, 4, 5);
        Py_DECREF(low);
        if (!topic) goto fail;
    }
    double doc_mean = sum_log / (double)n, doc_sent = (double)n_ends / (double)n;
    double doc_lines = log1p((double)n);
    Py_ssize_t last = n - 1, rel_den = n - 1 > 1 ? n - 1 : 1;
    for (Py_ssize_t r = 0; r < nr; r++) {
        Py_ssize_t i = row_at[r];
        PyObject *line = PyList_GET_ITEM(lines, i);
        int kind = PyUnicode_KIND(line);
        const void *data = PyUnicode_DATA(line);
        Py_ssize_t len = PyUnicode_GET_LENGTH(line);
        /* the \w+ words: their number, length and whether each not all digits is capitalised */
        Py_ssize_t nw = 0, wchars = 0, lettered = 0;
        int caps = 1;
        /* characters */
        Py_ssize_t letters = 0, digits = 0, upper = 0, spaces = 0, commas = 0;
        int slash = 0, at = 0, hash = 0, www = 0, dot_in = 0, bar = 0, sep = 0, quote = 0;
        Py_ssize_t k = 0;
        while (k < len) {
            Py_UCS4 c = PyUnicode_READ(kind, data, k);
            if (tok_word(c)) {
                Py_ssize_t a = k;
                int alldig = 1;
                while (k < len && tok_word(c = PyUnicode_READ(kind, data, k))) {
                    if (Py_UNICODE_ISDIGIT(c)) digits++;
                    else alldig = 0;
                    if (Py_UNICODE_ISALPHA(c)) letters++;
                    if (Py_UNICODE_ISUPPER(c)) upper++;
                    if (c == 'w' && k + 2 < len && PyUnicode_READ(kind, data, k + 1) == 'w' &&
                        PyUnicode_READ(kind, data, k + 2) == 'w') www = 1;
                    k++;
                }
                nw++;
                wchars += k - a;
                if (!alldig) {
                    lettered++;
                    if (!Py_UNICODE_ISUPPER(PyUnicode_READ(kind, data, a))) caps = 0;
                }
                continue;
            }
            /* not a word character: never alphanumeric, but may be a digit or a letter?
             * (no: ISALPHA and ISDIGIT imply ISALNUM); it may still be upper case */
            if (Py_UNICODE_ISUPPER(c)) upper++;
            switch (c) {
            case ' ':
                spaces++;
                if (k + 2 < len && PyUnicode_READ(kind, data, k + 2) == ' ') {
                    Py_UCS4 m = PyUnicode_READ(kind, data, k + 1);
                    if (m == '/' || m == '>') sep = 1;
                }
                break;
            case ',': commas++; break;
            case '/': slash = 1; break;
            case '@': at = 1; break;
            case '#': hash = 1; break;
            case '|': bar = 1; break;
            case '.': if (k >= 1 && k <= len - 2) dot_in = 1; break;
            case '"': case 0x201C: case 0x201D: case 0xAB: case 0xBB: case 0x201E: quote = 1; break;
            }
            k++;
        }
        int title = lettered >= 2 && caps;
        Py_ssize_t se = rstrip_end(kind, data, len);
        Py_UCS4 last_c = se > 0 ? PyUnicode_READ(kind, data, se - 1) : 0;
        int end = ends[i];
        int linky = slash || at || hash || www || dot_in;
        int url = 0, mail = 0;
        if (linky) {
            PyObject *m = PyObject_CallOneArg(urlish, line);
            if (!m) goto fail;
            url = m != Py_None;
            Py_DECREF(m);
        }
        if (at) {
            PyObject *m = PyObject_CallOneArg(email, line);
            if (!m) goto fail;
            mail = m != Py_None;
            Py_DECREF(m);
        }
        PyObject *found = PyObject_CallOneArg(inner, line);
        if (!found) goto fail;
        Py_ssize_t n_inner = PyObject_Length(found);
        Py_DECREF(found);
        if (n_inner < 0) goto fail;
        double overlap;
        if (overlap_of(line, topic, stop, &overlap) < 0) goto fail;
        PyObject *cnt = PyDict_GetItemWithError(counts, line);
        if (!cnt) goto fail;
        long n_line = PyLong_AsLong(cnt);
        Py_ssize_t n_chars = len ? len : 1;
        Py_ssize_t punct = len - letters - digits - spaces;
        Py_ssize_t a = i - 2 > 0 ? i - 2 : 0, b = i + 3 < n ? i + 3 : n;
        Py_ssize_t wend = 0;
        double wfunc = 0.0;
        for (Py_ssize_t j = a; j < b; j++) {
            wend += ends[j];
            wfunc += func[j];
        }
        double f[N_DENSE_COLS] = {
            1.0,
            log_chars[i],
            log1p((double)nw),
            i == 0,
            i == last,
            (double)i / (double)rel_den,
            end,
            last_c == ':',
            !end && !(last_c == ':' || last_c == ',' || last_c == ';'),
            (double)upper / (double)(letters ? letters : 1),
            title,
            (double)digits / (double)n_chars,
            (double)(punct > 0 ? punct : 0) / (double)n_chars,
            url,
            mail,
            bar || sep,
            len > 0 && bullet_char(PyUnicode_READ(kind, data, 0)),
            quote,
            i > 0 ? log_chars[i - 1] : 0.0,
            i < last ? log_chars[i + 1] : 0.0,
            i > 0 ? (double)ends[i - 1] : 0.0,
            i < last ? (double)ends[i + 1] : 0.0,
            doc_mean,
            doc_sent,
            doc_lines,
            overlap,
            n_line > 1,
            nw ? (double)wchars / (double)nw : 0.0,
            nw > 40,
            nw <= 3,
            func[i],
            nw ? (double)boiler[i] / (double)nw : 0.0,
            nw ? (double)commas / (double)nw : 0.0,
            log1p((double)n_inner),
            i > 0 ? func[i - 1] : 0.0,
            i < last ? func[i + 1] : 0.0,
            log((double)n_line),
            (double)wend / (double)(b - a),
            len > 0 && Py_UNICODE_ISLOWER(PyUnicode_READ(kind, data, 0)),
            wfunc / (double)(b - a),
        };
        for (int c = 0; c < N_DENSE_COLS; c++) o[r * N_DENSE_COLS + c] = (float)f[c];
    }
    goto done;
fail:
    Py_CLEAR(out);
done:
    PyMem_Free(log_chars);
    PyMem_Free(func);
    PyMem_Free(ends);
    PyMem_Free(near);
    PyMem_Free(row_at);
    PyMem_Free(boiler);
    Py_XDECREF(counts);
    Py_XDECREF(topic);
    return out;
}

static PyMethodDef methods[] = {
    {"table", py_table, METH_O, "table(keys: tuple[str, ...]) -> a keyword table"},
    {"any_in", (PyCFunction)(void (*)(void))py_any_in, METH_FASTCALL,
     "any_in(table, text) -> whether text holds any keyword of the table"},
    {"stem_counts", (PyCFunction)(void (*)(void))py_stem_counts, METH_FASTCALL,
     "stem_counts(text, stop, min_len, prefix) -> {stem: count} (see the module doc)"},
    {"line_keys", (PyCFunction)(void (*)(void))py_line_keys, METH_FASTCALL,
     "line_keys(lines, n_hash) -> int64 keys of features.hashed_doc as bytes (see the module doc)"},
    {"dense_rows", (PyCFunction)(void (*)(void))py_dense_rows, METH_FASTCALL,
     "dense_rows(lines, rows, stop, function_words, boilerplate_words, urlish_search, "
     "email_search, inner_end_findall) -> float32 rows of features.dense as bytes"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_native",
                                    "Compiled helpers of the cleaner (see the file's head).",
                                    -1, methods};

PyMODINIT_FUNC PyInit__native(void) { return PyModule_Create(&module); }
