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
 * whitespace Py_UNICODE_ISSPACE. Case folding and lower-casing are the str methods (an ASCII
 * line is folded here: on ASCII both map A-Z to a-z and nothing else). Words are looked up
 * in the word sets by their code points (a table of each set's words, built once a set),
 * and the stems are counted in a table of the document's stems, so no word becomes a str.
 * features._URLISH and _INNER_END are read here (urlish, inner_ends: tests hold them equal
 * to the regexes); _EMAIL, rare, is passed in as a bound method. */

#define N_DENSE_COLS 40
/* the longest word looked up in a word set */
#define WORD_BUF 64

static PyObject *s_casefold, *s_lower;

/* -- a set of short strings by their code points, with a count and a mark an entry -- */

typedef struct {
    uint64_t h;
    Py_ssize_t off, len;
    long count, own, mark;
} SEnt;

typedef struct {
    int32_t *slot;      /* entry of each slot, -1 empty */
    size_t mask;
    SEnt *e;
    Py_ssize_t n, cap;
    Py_UCS4 *pool;
    Py_ssize_t pn, pcap;
    Py_ssize_t maxlen;  /* the longest key */
} STab;

static inline uint64_t cps_hash(const Py_UCS4 *s, Py_ssize_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (Py_ssize_t i = 0; i < n; i++) h = (h ^ s[i]) * 1099511628211ULL;
    return h ^ (h >> 29);
}

static void stab_free(STab *t) {
    free(t->slot);
    free(t->e);
    free(t->pool);
    memset(t, 0, sizeof(*t));
}

static int stab_init(STab *t, Py_ssize_t want) {
    memset(t, 0, sizeof(*t));
    size_t cap = 64;
    while (cap < (size_t)want * 2) cap <<= 1;
    t->slot = malloc(cap * sizeof(int32_t));
    if (!t->slot) return -1;
    memset(t->slot, 0xff, cap * sizeof(int32_t));
    t->mask = cap - 1;
    return 0;
}

static Py_ssize_t stab_find(const STab *t, const Py_UCS4 *s, Py_ssize_t n, uint64_t h) {
    for (size_t i = h & t->mask;; i = (i + 1) & t->mask) {
        int32_t k = t->slot[i];
        if (k < 0) return -1;
        const SEnt *e = &t->e[k];
        if (e->h == h && e->len == n && !memcmp(t->pool + e->off, s, n * sizeof(Py_UCS4)))
            return k;
    }
}

/* the entry of s, added (count 0) when new; -1 out of memory */
static Py_ssize_t stab_add(STab *t, const Py_UCS4 *s, Py_ssize_t n, uint64_t h) {
    Py_ssize_t k = stab_find(t, s, n, h);
    if (k >= 0) return k;
    if ((size_t)(t->n + 1) * 2 > t->mask + 1) {  /* grow: rehash every entry */
        size_t cap = (t->mask + 1) * 2;
        int32_t *slot = malloc(cap * sizeof(int32_t));
        if (!slot) return -1;
        memset(slot, 0xff, cap * sizeof(int32_t));
        for (Py_ssize_t j = 0; j < t->n; j++) {
            size_t i = t->e[j].h & (cap - 1);
            while (slot[i] >= 0) i = (i + 1) & (cap - 1);
            slot[i] = (int32_t)j;
        }
        free(t->slot);
        t->slot = slot;
        t->mask = cap - 1;
    }
    if (t->n == t->cap) {
        Py_ssize_t cap = t->cap ? t->cap * 2 : 64;
        SEnt *e = realloc(t->e, cap * sizeof(SEnt));
        if (!e) return -1;
        t->e = e;
        t->cap = cap;
    }
    if (t->pn + n > t->pcap) {
        Py_ssize_t cap = t->pcap ? t->pcap * 2 : 256;
        while (cap < t->pn + n) cap *= 2;
        Py_UCS4 *p = realloc(t->pool, cap * sizeof(Py_UCS4));
        if (!p) return -1;
        t->pool = p;
        t->pcap = cap;
    }
    memcpy(t->pool + t->pn, s, n * sizeof(Py_UCS4));
    SEnt *e = &t->e[t->n];
    e->h = h;
    e->off = t->pn;
    e->len = n;
    e->count = e->own = e->mark = 0;
    t->pn += n;
    if (n > t->maxlen) t->maxlen = n;
    size_t i = h & t->mask;
    while (t->slot[i] >= 0) i = (i + 1) & t->mask;
    t->slot[i] = (int32_t)t->n;
    return t->n++;
}

/* the table of a word set's str members, built once for each frozenset (the lexicon's and
 * topic.STOP: they cannot change); NULL with an exception */
static STab *set_table(PyObject *set) {
    static PyObject *seen[8];
    static STab tabs[8];
    for (int i = 0; i < 8; i++)
        if (seen[i] == set) return &tabs[i];
    int slot = -1;
    for (int i = 0; i < 8; i++)
        if (!seen[i]) { slot = i; break; }
    if (slot < 0 || !PyFrozenSet_CheckExact(set)) {
        PyErr_SetString(PyExc_TypeError, "dense_rows: the word sets must be frozensets");
        return NULL;
    }
    STab *t = &tabs[slot];
    if (stab_init(t, PySet_GET_SIZE(set)) < 0) return (STab *)PyErr_NoMemory();
    PyObject *it = PyObject_GetIter(set), *key;
    if (!it) { stab_free(t); return NULL; }
    while ((key = PyIter_Next(it))) {
        if (PyUnicode_Check(key) && PyUnicode_READY(key) == 0) {  /* other keys equal no word */
            Py_UCS4 *cps = PyUnicode_AsUCS4Copy(key);
            Py_ssize_t n = PyUnicode_GET_LENGTH(key);
            if (!cps || stab_add(t, cps, n, cps_hash(cps, n)) < 0) {
                PyMem_Free(cps);
                Py_DECREF(key);
                Py_DECREF(it);
                stab_free(t);
                return cps ? (STab *)PyErr_NoMemory() : NULL;
            }
            PyMem_Free(cps);
        }
        Py_DECREF(key);
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) { stab_free(t); return NULL; }
    if (t->maxlen > WORD_BUF) {  /* words are read into buffers of WORD_BUF characters */
        stab_free(t);
        PyErr_SetString(PyExc_ValueError, "dense_rows: a word of a word set is too long");
        return NULL;
    }
    Py_INCREF(set);
    seen[slot] = set;
    return t;
}

/* -- a line's text, lower-cased or case-folded: an ASCII line is read in place -- */

typedef struct {
    int kind, fold;    /* fold: an ASCII line read with A-Z as a-z */
    const void *data;
    Py_ssize_t n;
    PyObject *own;     /* the str made by lower() or casefold(), or NULL */
} Folded;

static int fold_line(PyObject *line, PyObject *method, Folded *f) {
    f->own = NULL;
    if (PyUnicode_IS_ASCII(line)) {
        f->kind = PyUnicode_1BYTE_KIND;
        f->data = PyUnicode_DATA(line);
        f->n = PyUnicode_GET_LENGTH(line);
        f->fold = 1;
        return 0;
    }
    f->own = PyObject_CallMethodNoArgs(line, method);
    if (!f->own || PyUnicode_READY(f->own) < 0) { Py_CLEAR(f->own); return -1; }
    f->kind = PyUnicode_KIND(f->own);
    f->data = PyUnicode_DATA(f->own);
    f->n = PyUnicode_GET_LENGTH(f->own);
    f->fold = 0;
    return 0;
}

static inline Py_UCS4 folded_at(const Folded *f, Py_ssize_t i) {
    Py_UCS4 c = PyUnicode_READ(f->kind, f->data, i);
    return f->fold && c >= 'A' && c <= 'Z' ? c | 0x20 : c;
}


/* each stem of a folded line (topic.stem_counts: words of 4+ letters, not in stop, their
 * first five characters), passed to visit(entry of its stem) -- added to tab when add */
static int each_stem(const Folded *f, const STab *stop, STab *tab, int add,
                     int (*visit)(SEnt *, void *), void *arg) {
    Py_UCS4 buf[WORD_BUF];
    Py_ssize_t i = 0, n = f->n;
    while (i < n) {
        if (!word_char(folded_at(f, i))) { i++; continue; }
        Py_ssize_t a = i, k = 0;
        for (; i < n; i++) {
            Py_UCS4 c = folded_at(f, i);
            if (!word_char(c)) break;
            if (k < WORD_BUF) buf[k++] = c;
        }
        Py_ssize_t len = i - a;
        if (len < 4) continue;
        if (len <= stop->maxlen && len <= WORD_BUF &&
            stab_find(stop, buf, len, cps_hash(buf, len)) >= 0) continue;
        Py_ssize_t sl = len < 5 ? len : 5;
        uint64_t h = cps_hash(buf, sl);
        Py_ssize_t e = add ? stab_add(tab, buf, sl, h) : stab_find(tab, buf, sl, h);
        if (e < 0) {
            if (add) PyErr_NoMemory();
            else PyErr_SetString(PyExc_KeyError, "dense_rows: a stem not in the document");
            return -1;
        }
        if (visit(&tab->e[e], arg) < 0) return -1;
    }
    return 0;
}

static int count_stem(SEnt *e, void *arg) {
    (void)arg;
    e->count++;
    return 0;
}

typedef struct { long stamp; Py_ssize_t distinct, shared; SEnt **seen; Py_ssize_t cap; } OwnStems;

static int own_stem(SEnt *e, void *arg) {
    OwnStems *o = (OwnStems *)arg;
    if (e->mark != o->stamp) {
        e->mark = o->stamp;
        e->own = 0;
        if (o->distinct == o->cap) {
            Py_ssize_t cap = o->cap ? o->cap * 2 : 32;
            SEnt **s = realloc(o->seen, cap * sizeof(SEnt *));
            if (!s) { PyErr_NoMemory(); return -1; }
            o->seen = s;
            o->cap = cap;
        }
        o->seen[o->distinct++] = e;
    }
    e->own++;
    return 0;
}

/* words of re.findall(r"\w+", casefolded line): their number, how many fset holds and (with
 * btab) how many btab holds */
static void word_hits(const Folded *f, const STab *ftab, const STab *btab, Py_ssize_t *nw,
                      Py_ssize_t *fh, Py_ssize_t *bh) {
    Py_UCS4 buf[WORD_BUF];
    Py_ssize_t i = 0, n = f->n;
    *nw = *fh = *bh = 0;
    while (i < n) {
        if (!tok_word(folded_at(f, i))) { i++; continue; }
        Py_ssize_t a = i, k = 0;
        for (; i < n; i++) {
            Py_UCS4 c = folded_at(f, i);
            if (!tok_word(c)) break;
            if (k < WORD_BUF) buf[k++] = c;
        }
        Py_ssize_t len = i - a;
        (*nw)++;
        if (len > WORD_BUF) continue;
        uint64_t h = 0;
        int hashed = 0;
        if (len <= ftab->maxlen) {
            h = cps_hash(buf, len);
            hashed = 1;
            if (stab_find(ftab, buf, len, h) >= 0) (*fh)++;
        }
        if (btab && len <= btab->maxlen) {
            if (!hashed) h = cps_hash(buf, len);
            if (stab_find(btab, buf, len, h) >= 0) (*bh)++;
        }
    }
}

static inline int is_w(int kind, const void *data, Py_ssize_t n, Py_ssize_t i) {
    return i >= 0 && i < n && tok_word(PyUnicode_READ(kind, data, i));
}

/* does text[i:] start with the ASCII string s */
static inline int at_str(int kind, const void *data, Py_ssize_t n, Py_ssize_t i, const char *s) {
    for (; *s; s++, i++)
        if (i >= n || PyUnicode_READ(kind, data, i) != (Py_UCS4)(unsigned char)*s) return 0;
    return 1;
}

/* features._URLISH.search(line) is not None:
 * https?://|www\.|\.com\b|\.org\b|\.net\b|@\w|#\w|\.html?\b|\.jpe?g\b|\.png\b */
static int urlish_in(int kind, const void *data, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        switch (c) {
        case 'h':
            if (at_str(kind, data, n, i, "http://") || at_str(kind, data, n, i, "https://")) return 1;
            break;
        case 'w':
            if (at_str(kind, data, n, i, "www.")) return 1;
            break;
        case '@': case '#':
            if (is_w(kind, data, n, i + 1)) return 1;
            break;
        case '.':
            if ((at_str(kind, data, n, i, ".com") || at_str(kind, data, n, i, ".org") ||
                 at_str(kind, data, n, i, ".net") || at_str(kind, data, n, i, ".png") ||
                 at_str(kind, data, n, i, ".jpg") || at_str(kind, data, n, i, ".htm")) &&
                !is_w(kind, data, n, i + 4)) return 1;
            if ((at_str(kind, data, n, i, ".html") || at_str(kind, data, n, i, ".jpeg")) &&
                !is_w(kind, data, n, i + 5)) return 1;
            break;
        }
    }
    return 0;
}

static inline int inner_stop(Py_UCS4 c) { return c == '.' || c == '!' || c == '?' || c == 0x2026; }

/* len(features._INNER_END.findall(line)): \w[.!?…]\s+\S, matches not overlapping */
static Py_ssize_t inner_ends_in(int kind, const void *data, Py_ssize_t n) {
    Py_ssize_t count = 0, i = 0;
    while (i + 3 < n) {
        if (tok_word(PyUnicode_READ(kind, data, i)) && inner_stop(PyUnicode_READ(kind, data, i + 1)) &&
            Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i + 2))) {
            Py_ssize_t q = i + 3;
            while (q < n && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, q))) q++;
            if (q < n) {
                count++;
                i = q + 1;
                continue;
            }
            return count;  /* only white space is left */
        }
        i++;
    }
    return count;
}

static PyObject *py_urlish(PyObject *self, PyObject *arg) {
    if (!PyUnicode_Check(arg) || PyUnicode_READY(arg) < 0) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "urlish(text: str)");
        return NULL;
    }
    return PyBool_FromLong(urlish_in(PyUnicode_KIND(arg), PyUnicode_DATA(arg), PyUnicode_GET_LENGTH(arg)));
}

static PyObject *py_inner_ends(PyObject *self, PyObject *arg) {
    if (!PyUnicode_Check(arg) || PyUnicode_READY(arg) < 0) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "inner_ends(text: str)");
        return NULL;
    }
    return PyLong_FromSsize_t(inner_ends_in(PyUnicode_KIND(arg), PyUnicode_DATA(arg), PyUnicode_GET_LENGTH(arg)));
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
    if (nargs != 6 || !PyList_Check(args[0]) || !PyList_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError,
                        "dense_rows(lines, rows, stop, function_words, boilerplate_words, "
                        "email_search)");
        return NULL;
    }
    PyObject *lines = args[0], *rows = args[1], *email = args[5];
    Py_ssize_t n = PyList_GET_SIZE(lines), nr = PyList_GET_SIZE(rows);
    if (!s_casefold) {
        s_casefold = PyUnicode_InternFromString("casefold");
        s_lower = PyUnicode_InternFromString("lower");
        if (!s_casefold || !s_lower) return NULL;
    }
    STab *stop = set_table(args[2]), *ftab = stop ? set_table(args[3]) : NULL;
    STab *btab = ftab ? set_table(args[4]) : NULL;
    if (!btab) return NULL;
    PyObject *out = PyBytes_FromStringAndSize(NULL, nr * N_DENSE_COLS * (Py_ssize_t)sizeof(float));
    if (!out || n == 0 || nr == 0) return out;
    float *o = (float *)PyBytes_AS_STRING(out);
    double *log_chars = PyMem_Calloc(n, sizeof(double)), *func = PyMem_Calloc(n, sizeof(double));
    char *ends = PyMem_Calloc(n, 1), *near = PyMem_Calloc(n, 1);
    Py_ssize_t *row_at = PyMem_Calloc(nr, sizeof(Py_ssize_t)), *boiler = PyMem_Calloc(n, sizeof(Py_ssize_t));
    PyObject **lowered = PyMem_Calloc(n, sizeof(PyObject *));
    PyObject *counts = PyDict_New();
    STab topic;
    OwnStems own = {0, 0, 0, NULL, 0};
    int topic_ok = 0;
    if (!log_chars || !func || !ends || !near || !row_at || !boiler || !lowered || !counts) {
        PyErr_NoMemory();
        goto fail;
    }
    if (stab_init(&topic, 256) < 0) { PyErr_NoMemory(); goto fail; }
    topic_ok = 1;
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
        /* the document's stems: lower() of the lines joined by a newline is the lines'
         * lower() joined (no case context crosses a newline), and no word crosses one */
        Folded f;
        if (fold_line(line, s_lower, &f) < 0) goto fail;
        lowered[j] = f.own;
        if (each_stem(&f, stop, &topic, 1, count_stem, NULL) < 0) goto fail;
    }
    for (Py_ssize_t r = 0; r < nr; r++) {
        Py_ssize_t i = PyLong_AsSsize_t(PyList_GET_ITEM(rows, r));
        if (i == -1 && PyErr_Occurred()) goto fail;
        if (i < 0 || i >= n) { PyErr_SetString(PyExc_IndexError, "dense_rows: row out of range"); goto fail; }
        row_at[r] = i;
        for (Py_ssize_t j = i - 2; j <= i + 2; j++)
            if (j >= 0 && j < n && near[j] != 2) near[j] = j == i ? 2 : 1;
    }
    /* function-word share of the asked lines and their neighbours, boilerplate words of the
     * asked lines */
    for (Py_ssize_t j = 0; j < n; j++) {
        if (!near[j]) continue;
        Folded f;
        if (fold_line(PyList_GET_ITEM(lines, j), s_casefold, &f) < 0) goto fail;
        Py_ssize_t nw, fh, bh;
        word_hits(&f, ftab, near[j] == 2 ? btab : NULL, &nw, &fh, &bh);
        Py_XDECREF(f.own);
        if (nw) func[j] = (double)fh / (double)nw;
        boiler[j] = bh;
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
            /* no letter or digit (both are \w), but some symbols are upper case ("Ⓐ") */
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
        int url = (slash || at || hash || www || dot_in) && urlish_in(kind, data, len);
        int mail = 0;
        if (at) {
            PyObject *m = PyObject_CallOneArg(email, line);
            if (!m) goto fail;
            mail = m != Py_None;
            Py_DECREF(m);
        }
        Py_ssize_t n_inner = inner_ends_in(kind, data, len);
        /* the share of the line's distinct stems the document holds more of than the line */
        Folded f;
        if (lowered[i]) {
            f.own = NULL; f.fold = 0;
            f.kind = PyUnicode_KIND(lowered[i]);
            f.data = PyUnicode_DATA(lowered[i]);
            f.n = PyUnicode_GET_LENGTH(lowered[i]);
        } else {
            f.own = NULL; f.fold = 1; f.kind = kind; f.data = data; f.n = len;
        }
        own.stamp = r + 1;
        own.distinct = 0;
        if (each_stem(&f, stop, &topic, 0, own_stem, &own) < 0) goto fail;
        Py_ssize_t shared = 0;
        for (Py_ssize_t s = 0; s < own.distinct; s++) shared += own.seen[s]->count > own.seen[s]->own;
        double overlap = own.distinct ? (double)shared / (double)own.distinct : 1.0;
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
        double v[N_DENSE_COLS] = {
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
        for (int c = 0; c < N_DENSE_COLS; c++) o[r * N_DENSE_COLS + c] = (float)v[c];
    }
    goto done;
fail:
    Py_CLEAR(out);
done:
    if (lowered)
        for (Py_ssize_t j = 0; j < n; j++) Py_XDECREF(lowered[j]);
    PyMem_Free(lowered);
    PyMem_Free(log_chars);
    PyMem_Free(func);
    PyMem_Free(ends);
    PyMem_Free(near);
    PyMem_Free(row_at);
    PyMem_Free(boiler);
    free(own.seen);
    if (topic_ok) stab_free(&topic);
    Py_XDECREF(counts);
    return out;
}

/* ---- 5. what a line needs repaired (repair.py) ------------------------------------- */

/* repair_flags(text) -> int: 1 when repair._MOJIBAKE.search(text) finds something
 * ([\u00c2-\u00f4] then one of its continuation characters, a C1 control, U+FFFD), 2 when
 * repair._INVISIBLE does ([\u200b-\u200d\u2060\ufeff\u00ad]), 4 when repair._ODD_SPACE does
 * ([\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\v\f]): one pass for three regex scans. */

static inline int moji_next(Py_UCS4 c) {
    if (c >= 0x80 && c <= 0xBF) return 1;
    switch (c) {
    case 0x152: case 0x153: case 0x160: case 0x161: case 0x178: case 0x17D: case 0x17E:
    case 0x192: case 0x2C6: case 0x2DC: case 0x2013: case 0x2014: case 0x2018: case 0x2019:
    case 0x201A: case 0x201C: case 0x201D: case 0x201E: case 0x2020: case 0x2021: case 0x2022:
    case 0x2026: case 0x2030: case 0x2039: case 0x203A: case 0x20AC: case 0x2122: return 1;
    }
    return 0;
}

static int repair_flags_of(int kind, const void *data, Py_ssize_t n) {
    int flags = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 0x80) {
            if (c == '\t' || c == '\v' || c == '\f') flags |= 4;
            continue;
        }
        if (c <= 0x9F || c == 0xFFFD) flags |= 1;
        else if (c >= 0xC2 && c <= 0xF4) {
            if (i + 1 < n && moji_next(PyUnicode_READ(kind, data, i + 1))) flags |= 1;
        } else if (c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F ||
                   c == 0x205F || c == 0x3000) flags |= 4;
        else if ((c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF || c == 0xAD)
            flags |= 2;
        if (flags == 7) break;
    }
    return flags;
}

static PyObject *py_repair_flags(PyObject *self, PyObject *arg) {
    if (!PyUnicode_Check(arg) || PyUnicode_READY(arg) < 0) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "repair_flags(text: str)");
        return NULL;
    }
    return PyLong_FromLong(repair_flags_of(PyUnicode_KIND(arg), PyUnicode_DATA(arg),
                                           PyUnicode_GET_LENGTH(arg)));
}

/* ---- 6. stems shared between a document's lines (topic.TopicIndex) ------------------ */

/* topic_overlaps(lines, rows, stop) -> (size, [(distinct, shared) for each row]): of
 * TopicIndex(lines), size is TopicIndex.size (the distinct stems of each line, summed),
 * distinct is len(line_stems[row]) and shared the number of them some other line holds
 * too, so TopicIndex.overlap(row) is shared / distinct (1.0 without stems). A line's stems
 * are topic.stems(line): each_stem over its lower() (an ASCII line folded in place). */
static int line_stem(SEnt *e, void *arg) {
    OwnStems *o = (OwnStems *)arg;
    if (e->mark != o->stamp) {
        e->mark = o->stamp;
        e->count++;  /* lines holding the stem */
        o->distinct++;
    }
    return 0;
}

static int shared_stem(SEnt *e, void *arg) {
    OwnStems *o = (OwnStems *)arg;
    if (e->mark != o->stamp) {
        e->mark = o->stamp;
        o->distinct++;
        o->shared += e->count > 1;
    }
    return 0;
}

static PyObject *py_topic_overlaps(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyList_Check(args[0]) || !PyList_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "topic_overlaps(lines: list, rows: list, stop: frozenset)");
        return NULL;
    }
    PyObject *lines = args[0], *rows = args[1];
    Py_ssize_t n = PyList_GET_SIZE(lines), nr = PyList_GET_SIZE(rows);
    if (!s_lower && !(s_lower = PyUnicode_InternFromString("lower"))) return NULL;
    STab *stop = set_table(args[2]);
    if (!stop) return NULL;
    STab topic;
    if (stab_init(&topic, 256) < 0) return PyErr_NoMemory();
    PyObject **lowered = PyMem_Calloc(n ? n : 1, sizeof(PyObject *));
    PyObject *per = PyList_New(nr), *out = NULL;
    Py_ssize_t size = 0;
    OwnStems o = {0, 0, 0, NULL, 0};
    if (!lowered || !per) { if (!lowered) PyErr_NoMemory(); goto done; }
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *line = PyList_GET_ITEM(lines, j);
        if (!PyUnicode_Check(line) || PyUnicode_READY(line) < 0) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "topic_overlaps: a line must be str");
            goto done;
        }
        Folded f;
        if (fold_line(line, s_lower, &f) < 0) goto done;
        lowered[j] = f.own;
        o.stamp = j + 1;
        o.distinct = 0;
        if (each_stem(&f, stop, &topic, 1, line_stem, &o) < 0) goto done;
        size += o.distinct;
    }
    for (Py_ssize_t r = 0; r < nr; r++) {
        Py_ssize_t j = PyLong_AsSsize_t(PyList_GET_ITEM(rows, r));
        if (j == -1 && PyErr_Occurred()) goto done;
        if (j < 0 || j >= n) { PyErr_SetString(PyExc_IndexError, "topic_overlaps: row out of range"); goto done; }
        PyObject *line = PyList_GET_ITEM(lines, j);
        Folded f;
        f.own = NULL;
        if (lowered[j]) {
            f.fold = 0;
            f.kind = PyUnicode_KIND(lowered[j]);
            f.data = PyUnicode_DATA(lowered[j]);
            f.n = PyUnicode_GET_LENGTH(lowered[j]);
        } else {
            f.fold = 1;
            f.kind = PyUnicode_KIND(line);
            f.data = PyUnicode_DATA(line);
            f.n = PyUnicode_GET_LENGTH(line);
        }
        o.stamp = n + 1 + r;
        o.distinct = o.shared = 0;
        if (each_stem(&f, stop, &topic, 0, shared_stem, &o) < 0) goto done;
        PyObject *t = Py_BuildValue("(nn)", o.distinct, o.shared);
        if (!t) goto done;
        PyList_SET_ITEM(per, r, t);
    }
    out = Py_BuildValue("(nO)", size, per);
done:
    if (lowered)
        for (Py_ssize_t j = 0; j < n; j++) Py_XDECREF(lowered[j]);
    PyMem_Free(lowered);
    Py_XDECREF(per);
    stab_free(&topic);
    return out;
}

/* ---- 7. words of a line ----------------------------------------------------------- */

/* word_count(text) -> len(text.split()): the runs of characters that are not white space
 * (str.split's white space: Py_UNICODE_ISSPACE), counted without making them. */
static PyObject *py_word_count(PyObject *self, PyObject *arg) {
    if (!PyUnicode_Check(arg) || PyUnicode_READY(arg) < 0) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "word_count(text: str)");
        return NULL;
    }
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg), words = 0;
    int in_word = 0;
    if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *p = (const Py_UCS1 *)data;
        for (Py_ssize_t i = 0; i < n; i++) {
            int sp = Py_UNICODE_ISSPACE(p[i]);
            words += !sp && !in_word;
            in_word = !sp;
        }
    } else {
        for (Py_ssize_t i = 0; i < n; i++) {
            int sp = Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i));
            words += !sp && !in_word;
            in_word = !sp;
        }
    }
    return PyLong_FromSsize_t(words);
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
     "dense_rows(lines, rows, stop, function_words, boilerplate_words, email_search) -> "
     "float32 rows of features.dense as bytes"},
    {"urlish", py_urlish, METH_O, "urlish(text) -> features._URLISH.search(text) is not None"},
    {"inner_ends", py_inner_ends, METH_O, "inner_ends(text) -> len(features._INNER_END.findall(text))"},
    {"repair_flags", py_repair_flags, METH_O,
     "repair_flags(text) -> 1 mojibake | 2 invisible | 4 odd space (see repair.py)"},
    {"topic_overlaps", (PyCFunction)(void (*)(void))py_topic_overlaps, METH_FASTCALL,
     "topic_overlaps(lines, rows, stop) -> (size, [(distinct, shared)]) of topic.TopicIndex"},
    {"word_count", py_word_count, METH_O, "word_count(text) -> len(text.split())"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_native",
                                    "Compiled helpers of the cleaner (see the file's head).",
                                    -1, methods};

PyMODINIT_FUNC PyInit__native(void) { return PyModule_Create(&module); }
