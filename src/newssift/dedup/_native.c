/* Compiled inner loops of newssift.dedup: the same results as their Python twins.
 *
 * evidence._line_keys_py / evidence._word_excess_py / evidence._line_diff_py are the
 * reference of line_keys / word_excess / line_diff (tests/dedup/test_native.py and
 * test_evidence_exact.py check them on real and adversarial texts).
 * A word character is what Python's re calls \w in a str pattern and what the Python
 * code tests with str.isalnum: Py_UNICODE_ISALNUM(ch) or '_'. Words are compared by their
 * code points, never by a hash alone, so the counts are exact.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* ASCII word characters: [0-9A-Za-z_] (Py_UNICODE_ISALNUM on ASCII is [0-9A-Za-z]). */
static const unsigned char ascii_word[128] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
};
#define IS_WORD(ch) ((ch) < 128 ? ascii_word[(ch)] : Py_UNICODE_ISALNUM(ch))

/* ASCII word characters case folded ([0-9a-z_], A-Z as a-z), 0 for the others (no word
 * character is NUL): folded_word_hashes' test and fold in one load. */
static const unsigned char ascii_fold[128] = {
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 0,   0,   0,   0,   0,   0,
    0,   'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 0,   0,   0,   0,   '_',
    0,   'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 0,   0,   0,   0,   0,
};

/* The code point at i of a str's data of a kind known when the caller is specialised:
 * the loops below are written once as always-inline functions of the kind and called
 * with a constant kind, so each gets a copy without the per-character kind switch. */
#define ALWAYS_INLINE static inline __attribute__((always_inline))
#define READ_AT(kind, data, i)                                                              \
    ((kind) == PyUnicode_1BYTE_KIND   ? (Py_UCS4)((const Py_UCS1 *)(data))[i]              \
     : (kind) == PyUnicode_2BYTE_KIND ? (Py_UCS4)((const Py_UCS2 *)(data))[i]              \
                                      : (Py_UCS4)((const Py_UCS4 *)(data))[i])
#define BY_KIND(call_1, call_2, call_4, kind)                                               \
    ((kind) == PyUnicode_1BYTE_KIND ? (call_1) : (kind) == PyUnicode_2BYTE_KIND ? (call_2) \
                                                                                : (call_4))

/* A line key as a str from its code points (``maxch`` the largest): an ASCII key, the
 * common case, is built directly. */
static PyObject *
key_str(const Py_UCS4 *buf, Py_ssize_t len, Py_UCS4 maxch)
{
    if (maxch >= 0x80)
        return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, len);
    PyObject *key = PyUnicode_New(len, 0x7f);
    if (key) {
        Py_UCS1 *dst = PyUnicode_1BYTE_DATA(key);
        for (Py_ssize_t k = 0; k < len; k++)
            dst[k] = (Py_UCS1)buf[k];
    }
    return key;
}

/* One code point of a line key: a word character is appended (after one space when it
 * opens a word that is not the line's first), any other ends the word. */
ALWAYS_INLINE void
key_push(Py_UCS4 *buf, Py_ssize_t *len, int *in_word, Py_UCS4 *maxch, Py_UCS4 ch)
{
    if (!IS_WORD(ch)) {
        *in_word = 0;
        return;
    }
    if (!*in_word && *len)
        buf[(*len)++] = ' ';
    buf[(*len)++] = ch;
    if (ch > *maxch)
        *maxch = ch;
    *in_word = 1;
}

/* line_keys(text) -> list[str]: for every line of text (split on '\n' only), its words
 * (runs of word characters) joined by one space. */
static PyObject *
line_keys(PyObject *self, PyObject *arg)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "line_keys expects a str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    Py_UCS4 *buf = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(n + 1));
    if (!buf)
        return PyErr_NoMemory();
    PyObject *out = PyList_New(0);
    if (!out) {
        PyMem_Free(buf);
        return NULL;
    }
    Py_ssize_t i = 0;
    for (;;) {
        Py_ssize_t len = 0;
        int in_word = 0;
        Py_UCS4 maxch = 0;
        for (; i < n; i++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, i);
            if (ch == '\n')
                break;
            key_push(buf, &len, &in_word, &maxch, ch);
        }
        PyObject *key = key_str(buf, len, maxch);
        if (!key || PyList_Append(out, key) < 0) {
            Py_XDECREF(key);
            Py_DECREF(out);
            PyMem_Free(buf);
            return NULL;
        }
        Py_DECREF(key);
        if (i >= n)
            break;
        i++; /* past the '\n' */
    }
    PyMem_Free(buf);
    return out;
}

/* ---- case folding as str.casefold, one code point at a time ----
 * str.casefold maps every code point on its own (no context, unlike str.lower's final
 * sigma), so the fold of a text is the concatenation of the folds of its code points.
 * ASCII is folded inline ('A'-'Z' to 'a'-'z', as casefold does); any other code point is
 * asked of Python's own str.casefold the first time it is met in the process and
 * remembered: the same result by construction, whatever Python's Unicode version. */

/* per code point: 0 = not asked yet, else (length << 24) | (the folded code point when
 * the length is 1, else an index into fold_multi) */
static uint32_t *fold_table = NULL;
static Py_UCS4 *fold_multi = NULL; /* three code points per entry */
static Py_ssize_t fold_multi_n = 0, fold_multi_cap = 0;

static int
fold_slow(Py_UCS4 ch, uint32_t *value)
{
    if (!fold_table) {
        fold_table = PyMem_RawCalloc(0x110000, sizeof(uint32_t));
        if (!fold_table) {
            PyErr_NoMemory();
            return -1;
        }
    }
    PyObject *s = PyUnicode_FromOrdinal((int)ch);
    if (!s)
        return -1;
    PyObject *f = PyObject_CallMethod(s, "casefold", NULL);
    Py_DECREF(s);
    if (!f)
        return -1;
    Py_ssize_t len = PyUnicode_GET_LENGTH(f);
    uint32_t v;
    if (len == 1) {
        v = (1u << 24) | (uint32_t)PyUnicode_READ_CHAR(f, 0);
    } else if (len >= 2 && len <= 3) {
        if (fold_multi_n == fold_multi_cap) {
            Py_ssize_t cap = fold_multi_cap ? fold_multi_cap * 2 : 64;
            Py_UCS4 *m = PyMem_RawRealloc(fold_multi, sizeof(Py_UCS4) * 3 * (size_t)cap);
            if (!m) {
                Py_DECREF(f);
                PyErr_NoMemory();
                return -1;
            }
            fold_multi = m;
            fold_multi_cap = cap;
        }
        for (Py_ssize_t k = 0; k < 3; k++)
            fold_multi[fold_multi_n * 3 + k] = k < len ? PyUnicode_READ_CHAR(f, k) : 0;
        v = ((uint32_t)len << 24) | (uint32_t)fold_multi_n++;
    } else {
        Py_DECREF(f);
        PyErr_SetString(PyExc_ValueError, "a case fold of more than three code points");
        return -1;
    }
    Py_DECREF(f);
    fold_table[ch] = v;
    *value = v;
    return 0;
}

/* The fold of ch into out (three places); returns its length, -1 on an error. */
static inline int
fold_char(Py_UCS4 ch, Py_UCS4 *out)
{
    if (ch < 128) {
        out[0] = (ch >= 'A' && ch <= 'Z') ? ch + 32 : ch;
        return 1;
    }
    uint32_t v = fold_table ? fold_table[ch] : 0;
    if (!v && fold_slow(ch, &v) < 0)
        return -1;
    int len = (int)(v >> 24);
    if (len == 1) {
        out[0] = v & 0xFFFFFF;
        return 1;
    }
    const Py_UCS4 *m = fold_multi + (size_t)(v & 0xFFFFFF) * 3;
    for (int k = 0; k < len; k++)
        out[k] = m[k];
    return len;
}

/* folded_line_keys(text) -> list[str]: line_keys(text.casefold()) without the folded copy
 * of the text (casefold never makes or removes a '\n'). */
ALWAYS_INLINE int
folded_line_keys_k(const int kind, const void *data, Py_ssize_t n, Py_UCS4 *buf, PyObject *out)
{
    Py_ssize_t i = 0;
    for (;;) {
        Py_ssize_t len = 0;
        int in_word = 0;
        Py_UCS4 maxch = 0;
        for (; i < n; i++) {
            Py_UCS4 raw = READ_AT(kind, data, i);
            if (raw == '\n')
                break;
            if (raw < 128) { /* folded by the table, one code point */
                Py_UCS4 c = ascii_fold[raw];
                if (c) {
                    if (!in_word && len)
                        buf[len++] = ' ';
                    buf[len++] = c;
                    in_word = 1;
                    /* the ASCII word characters that follow, in a loop of their own */
                    while (i + 1 < n) {
                        Py_UCS4 next = READ_AT(kind, data, i + 1);
                        if (next >= 128 || !(c = ascii_fold[next]))
                            break;
                        buf[len++] = c;
                        i++;
                    }
                } else {
                    in_word = 0;
                }
                continue;
            }
            Py_UCS4 f[3];
            int nf = fold_char(raw, f);
            if (nf < 0)
                return -1;
            for (int q = 0; q < nf; q++)
                key_push(buf, &len, &in_word, &maxch, f[q]);
        }
        PyObject *key = key_str(buf, len, maxch);
        if (!key || PyList_Append(out, key) < 0) {
            Py_XDECREF(key);
            return -1;
        }
        Py_DECREF(key);
        if (i >= n)
            return 0;
        i++; /* past the '\n' */
    }
}

static PyObject *
folded_line_keys(PyObject *self, PyObject *arg)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "folded_line_keys expects a str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    Py_UCS4 *buf = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(3 * n + 1));
    if (!buf)
        return PyErr_NoMemory();
    PyObject *out = PyList_New(0);
    if (!out) {
        PyMem_Free(buf);
        return NULL;
    }
    int rc = BY_KIND(folded_line_keys_k(PyUnicode_1BYTE_KIND, data, n, buf, out),
                     folded_line_keys_k(PyUnicode_2BYTE_KIND, data, n, buf, out),
                     folded_line_keys_k(PyUnicode_4BYTE_KIND, data, n, buf, out), kind);
    PyMem_Free(buf);
    if (rc < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

/* A word: a slice of one of the key strings, and its count on each side. */
typedef struct {
    uint64_t hash;
    const void *data;
    Py_ssize_t start, len;
    int kind;
    Py_ssize_t count[2];
} entry_t;

typedef struct {
    int32_t *slots; /* index into entries, -1 = free */
    size_t mask;
    entry_t *entries;
    Py_ssize_t n;
} table_t;

static int
same_word(const entry_t *s, int kind, const void *data, Py_ssize_t start, Py_ssize_t len)
{
    if (s->len != len)
        return 0;
    if (s->kind == kind)
        return memcmp((const char *)s->data + s->start * kind,
                      (const char *)data + start * kind, (size_t)(len * kind)) == 0;
    for (Py_ssize_t k = 0; k < len; k++)
        if (PyUnicode_READ(s->kind, s->data, s->start + k)
            != PyUnicode_READ(kind, data, start + k))
            return 0;
    return 1;
}

/* Double the table (slots and entry room; the load stays at most one half). */
static __attribute__((noinline)) int
table_grow(table_t *t)
{
    size_t size = (t->mask + 1) * 2;
    int32_t *slots = PyMem_Malloc(size * sizeof(int32_t));
    entry_t *entries = PyMem_Realloc(t->entries, (size / 2) * sizeof(entry_t));
    if (entries)
        t->entries = entries;
    if (!slots || !entries) {
        PyMem_Free(slots);
        PyErr_NoMemory();
        return -1;
    }
    memset(slots, 0xff, size * sizeof(int32_t));
    for (Py_ssize_t k = 0; k < t->n; k++) {
        size_t at = (size_t)t->entries[k].hash & (size - 1);
        while (slots[at] >= 0)
            at = (at + 1) & (size - 1);
        slots[at] = (int32_t)k;
    }
    PyMem_Free(t->slots);
    t->slots = slots;
    t->mask = size - 1;
    return 0;
}

/* inlined in fill: a call per word (seven arguments) cost a fifth of the insertion */
ALWAYS_INLINE int
add_word(table_t *t, int side, uint64_t h, int kind, const void *data, Py_ssize_t start,
         Py_ssize_t len)
{
    h ^= h >> 29;
    size_t at = (size_t)h & t->mask;
    for (;;) {
        int32_t k = t->slots[at];
        if (k < 0) {
            if ((size_t)t->n >= (t->mask + 1) / 2) { /* full: grow, then find the slot again */
                if (table_grow(t) < 0)
                    return -1;
                at = (size_t)h & t->mask;
                while (t->slots[at] >= 0)
                    at = (at + 1) & t->mask;
            }
            entry_t *s = &t->entries[t->n];
            t->slots[at] = (int32_t)t->n++;
            s->hash = h;
            s->data = data;
            s->kind = kind;
            s->start = start;
            s->len = len;
            s->count[side] = 1;
            s->count[1 - side] = 0;
            return 0;
        }
        entry_t *s = &t->entries[k];
        if (s->hash == h && same_word(s, kind, data, start, len)) {
            s->count[side]++;
            return 0;
        }
        at = (at + 1) & t->mask;
    }
}

#define FNV0 0xcbf29ce484222325ULL
#define FNV1 0x100000001b3ULL

/* Every space-separated word of the keys into the table (side 0 or 1); returns the words
 * (-1 when the table could not grow). */
static Py_ssize_t
fill(table_t *t, int side, PyObject *keys)
{
    Py_ssize_t n = PyList_GET_SIZE(keys), words = 0;
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *k = PyList_GET_ITEM(keys, j);
        Py_ssize_t len = PyUnicode_GET_LENGTH(k);
        int kind = PyUnicode_KIND(k);
        const void *data = PyUnicode_DATA(k);
        Py_ssize_t i = 0;
        if (kind == PyUnicode_1BYTE_KIND) {
            const Py_UCS1 *c = data;
            while (i < len) {
                while (i < len && c[i] == ' ')
                    i++;
                Py_ssize_t s = i;
                uint64_t h = FNV0;
                for (; i < len && c[i] != ' '; i++)
                    h = (h ^ c[i]) * FNV1;
                if (i > s) {
                    if (add_word(t, side, h, kind, data, s, i - s) < 0)
                        return -1;
                    words++;
                }
            }
            continue;
        }
        while (i < len) {
            while (i < len && PyUnicode_READ(kind, data, i) == ' ')
                i++;
            Py_ssize_t s = i;
            uint64_t h = FNV0;
            for (; i < len; i++) {
                Py_UCS4 ch = PyUnicode_READ(kind, data, i);
                if (ch == ' ')
                    break;
                h = (h ^ ch) * FNV1;
            }
            if (i > s) {
                if (add_word(t, side, h, kind, data, s, i - s) < 0)
                    return -1;
                words++;
            }
        }
    }
    return words;
}

static int
check_keys(PyObject *keys, Py_ssize_t *chars)
{
    Py_ssize_t n = PyList_GET_SIZE(keys);
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *k = PyList_GET_ITEM(keys, j);
        if (!PyUnicode_Check(k)) {
            PyErr_SetString(PyExc_TypeError, "keys must be str");
            return -1;
        }
        *chars += PyUnicode_GET_LENGTH(k) + 1;
    }
    return 0;
}

/* Number of words (space-separated) of the keys of a list. */
static Py_ssize_t
count_in(PyObject *keys, Py_ssize_t *total)
{
    Py_ssize_t n = PyList_GET_SIZE(keys);
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *k = PyList_GET_ITEM(keys, j);
        if (!PyUnicode_Check(k)) {
            PyErr_SetString(PyExc_TypeError, "keys must be str");
            return -1;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(k);
        int kind = PyUnicode_KIND(k);
        const void *data = PyUnicode_DATA(k);
        int in_word = 0;
        for (Py_ssize_t i = 0; i < len; i++) {
            if (PyUnicode_READ(kind, data, i) == ' ') {
                in_word = 0;
            } else if (!in_word) {
                in_word = 1;
                (*total)++;
            }
        }
    }
    return 0;
}

/* count_words(keys: list[str]) -> int: the words of the keys (as sum(len(k.split(' ')))
 * over their non-empty space-separated pieces). */
static PyObject *
count_words(PyObject *self, PyObject *keys)
{
    if (!PyList_Check(keys)) {
        PyErr_SetString(PyExc_TypeError, "count_words expects a list");
        return NULL;
    }
    Py_ssize_t total = 0;
    if (count_in(keys, &total) < 0)
        return NULL;
    return PyLong_FromSsize_t(total);
}

/* word_excess(d_keys: list[str], e_keys: list[str]) -> (n_d, n_e, excess): the words of
 * each list of line keys and the sum over the words w of d of max(0, d[w] - e[w]). */
static PyObject *
word_excess(PyObject *self, PyObject *args)
{
    PyObject *d, *e;
    if (!PyArg_ParseTuple(args, "O!O!", &PyList_Type, &d, &PyList_Type, &e))
        return NULL;
    Py_ssize_t chars = 0;
    if (check_keys(d, &chars) < 0 || check_keys(e, &chars) < 0)
        return NULL;
    Py_ssize_t most = chars / 2 + 1; /* a word and its separator: two characters or more */
    if (most > INT32_MAX / 4) {
        PyErr_SetString(PyExc_OverflowError, "too many words");
        return NULL;
    }
    /* room for a word in eight characters (slots for one in four, at most half full),
     * grown as it fills (a word and its separator take two characters or more, but news
     * text averages six: sized for the worst case, clearing the slots cost more than
     * filling them) */
    size_t size = 64;
    while (size < (size_t)most / 2)
        size <<= 1;
    table_t t;
    t.slots = PyMem_Malloc(size * sizeof(int32_t));
    t.entries = PyMem_Malloc((size / 2) * sizeof(entry_t));
    if (!t.slots || !t.entries) {
        PyMem_Free(t.slots);
        PyMem_Free(t.entries);
        return PyErr_NoMemory();
    }
    memset(t.slots, 0xff, size * sizeof(int32_t));
    t.mask = size - 1;
    t.n = 0;
    Py_ssize_t nd = fill(&t, 0, d);
    Py_ssize_t ne = nd < 0 ? -1 : fill(&t, 1, e);
    if (ne < 0) {
        PyMem_Free(t.slots);
        PyMem_Free(t.entries);
        return NULL;
    }
    Py_ssize_t excess = 0;
    for (Py_ssize_t k = 0; k < t.n; k++)
        if (t.entries[k].count[0] > t.entries[k].count[1])
            excess += t.entries[k].count[0] - t.entries[k].count[1];
    PyMem_Free(t.slots);
    PyMem_Free(t.entries);
    return Py_BuildValue("nnn", nd, ne, excess);
}

/* Append item to list n times (n >= 1). */
static int
append_n(PyObject *list, PyObject *item, Py_ssize_t n)
{
    for (Py_ssize_t k = 0; k < n; k++)
        if (PyList_Append(list, item) < 0)
            return -1;
    return 0;
}

/* Counts of the items of a list, as a dict. */
static PyObject *
count_items(PyObject *list)
{
    PyObject *counts = PyDict_New();
    if (!counts)
        return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); i++) {
        PyObject *k = PyList_GET_ITEM(list, i);
        PyObject *c = PyDict_GetItemWithError(counts, k);
        if (!c && PyErr_Occurred()) {
            Py_DECREF(counts);
            return NULL;
        }
        PyObject *v = PyLong_FromSsize_t(c ? PyLong_AsSsize_t(c) + 1 : 1);
        if (!v || PyDict_SetItem(counts, k, v) < 0) {
            Py_XDECREF(v);
            Py_DECREF(counts);
            return NULL;
        }
        Py_DECREF(v);
    }
    return counts;
}

/* line_diff(a_lines, a_keys, b_lines, b_keys[, a_set]) -> (added, dropped, n_d, n_e,
 * excess): evidence._line_diff_py in one call. added: the lines of b whose key is not a key
 * of a; dropped: the lines of a whose key is not a key of b; then word_excess of the keys
 * one side holds more often than the other (D: a's, E: b's), as multisets. a_set: the set
 * of a_keys, when the caller holds it (a canonical's profile; None: built here). */
static PyObject *
line_diff(PyObject *self, PyObject *args)
{
    PyObject *al, *an, *bl, *bn, *given = Py_None;
    if (!PyArg_ParseTuple(args, "O!O!O!O!|O", &PyList_Type, &al, &PyList_Type, &an,
                          &PyList_Type, &bl, &PyList_Type, &bn, &given))
        return NULL;
    if (given != Py_None && !PyAnySet_Check(given)) {
        PyErr_SetString(PyExc_TypeError, "a_set must be a set or None");
        return NULL;
    }
    Py_ssize_t na = PyList_GET_SIZE(an), nb = PyList_GET_SIZE(bn);
    if (PyList_GET_SIZE(al) != na || PyList_GET_SIZE(bl) != nb) {
        PyErr_SetString(PyExc_ValueError, "lines and keys differ in length");
        return NULL;
    }
    PyObject *a_set = NULL, *b_set = NULL, *added = NULL, *dropped = NULL, *d = NULL,
             *e = NULL, *la = NULL, *lb = NULL, *ex = NULL, *res = NULL;
    if (given != Py_None) {
        a_set = given;
        Py_INCREF(a_set);
    } else {
        a_set = PySet_New(an);
    }
    b_set = PySet_New(bn);
    added = PyList_New(0);
    dropped = PyList_New(0);
    d = PyList_New(0);
    e = PyList_New(0);
    if (!a_set || !b_set || !added || !dropped || !d || !e)
        goto done;
    for (Py_ssize_t i = 0; i < nb; i++) {
        PyObject *k = PyList_GET_ITEM(bn, i);
        int c = PySet_Contains(a_set, k);
        if (c < 0)
            goto done;
        if (!c && (PyList_Append(added, PyList_GET_ITEM(bl, i)) < 0 || PyList_Append(e, k) < 0))
            goto done;
    }
    for (Py_ssize_t i = 0; i < na; i++) {
        PyObject *k = PyList_GET_ITEM(an, i);
        int c = PySet_Contains(b_set, k);
        if (c < 0)
            goto done;
        if (!c && (PyList_Append(dropped, PyList_GET_ITEM(al, i)) < 0 || PyList_Append(d, k) < 0))
            goto done;
    }
    if (PySet_GET_SIZE(a_set) != na || PySet_GET_SIZE(b_set) != nb) { /* a line twice */
        la = count_items(an);
        lb = count_items(bn);
        if (!la || !lb)
            goto done;
        Py_ssize_t pos = 0;
        PyObject *k, *ca;
        while (PyDict_Next(la, &pos, &k, &ca)) {
            PyObject *cb = PyDict_GetItemWithError(lb, k);
            if (!cb) {
                if (PyErr_Occurred())
                    goto done;
                continue; /* on a's side only: in D already, every time */
            }
            Py_ssize_t diff = PyLong_AsSsize_t(ca) - PyLong_AsSsize_t(cb);
            if (diff > 0 && append_n(d, k, diff) < 0)
                goto done;
            if (diff < 0 && append_n(e, k, -diff) < 0)
                goto done;
        }
    }
    PyObject *de = PyTuple_Pack(2, d, e);
    if (!de)
        goto done;
    ex = word_excess(self, de);
    Py_DECREF(de);
    if (!ex)
        goto done;
    res = Py_BuildValue("(OOOOO)", added, dropped, PyTuple_GET_ITEM(ex, 0),
                        PyTuple_GET_ITEM(ex, 1), PyTuple_GET_ITEM(ex, 2));
done:
    Py_XDECREF(a_set);
    Py_XDECREF(b_set);
    Py_XDECREF(added);
    Py_XDECREF(dropped);
    Py_XDECREF(d);
    Py_XDECREF(e);
    Py_XDECREF(la);
    Py_XDECREF(lb);
    Py_XDECREF(ex);
    return res;
}

/* ---- word and anchor hashes (minhash.batch_word_hashes, anchors.anchor_hashes) ---- */

static inline uint64_t
mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBULL;
    x ^= x >> 31;
    return x;
}

/* A growable array of uint64 and the per-document counts of its entries. Both grow as
 * they fill (doubling), so a text is read once: no pass counting its words first. They
 * live in bytes objects, cut to their length and returned as they are (vec_take): the
 * results of the tokenisers are not copied once more (building them with "y#" copied
 * every hash and count, 0.7% of a dedup run's instructions). */
typedef struct {
    uint64_t *v;
    Py_ssize_t n, cap;
    int64_t *counts;
    Py_ssize_t dcap;  /* documents the counts have room for (zeroed) */
    Py_ssize_t ndocs; /* documents counted: max(given, last document with an entry + 1) */
    Py_ssize_t seen;  /* documents the text held (its NULs + 1), set by the tokenisers */
    PyObject *vb, *cb; /* the bytes objects holding v and counts */
} vec_t;

static int
vec_init(vec_t *a, Py_ssize_t cap, Py_ssize_t ndocs)
{
    a->cap = cap > 16 ? cap : 16;
    a->dcap = ndocs > 1 ? ndocs : 1;
    a->n = 0;
    a->ndocs = ndocs;
    a->seen = ndocs;
    a->vb = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)sizeof(uint64_t) * a->cap);
    a->cb = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)sizeof(int64_t) * a->dcap);
    if (!a->vb || !a->cb) {
        Py_CLEAR(a->vb);
        Py_CLEAR(a->cb);
        return -1;
    }
    a->v = (uint64_t *)PyBytes_AS_STRING(a->vb);
    a->counts = (int64_t *)PyBytes_AS_STRING(a->cb);
    memset(a->counts, 0, sizeof(int64_t) * (size_t)a->dcap);
    return 0;
}

static void
vec_free(vec_t *a)
{
    Py_CLEAR(a->vb);
    Py_CLEAR(a->cb);
}

static int
vec_grow(vec_t *a, Py_ssize_t doc)
{
    if (a->n == a->cap) {
        if (_PyBytes_Resize(&a->vb, (Py_ssize_t)sizeof(uint64_t) * a->cap * 2) < 0)
            return -1; /* (vb is cleared) */
        a->v = (uint64_t *)PyBytes_AS_STRING(a->vb);
        a->cap *= 2;
    }
    if (doc >= a->dcap) {
        Py_ssize_t dcap = a->dcap * 2 > doc + 1 ? a->dcap * 2 : doc + 1;
        if (_PyBytes_Resize(&a->cb, (Py_ssize_t)sizeof(int64_t) * dcap) < 0)
            return -1;
        a->counts = (int64_t *)PyBytes_AS_STRING(a->cb);
        memset(a->counts + a->dcap, 0, sizeof(int64_t) * (size_t)(dcap - a->dcap));
        a->dcap = dcap;
    }
    return 0;
}

static inline int
vec_push(vec_t *a, uint64_t x, Py_ssize_t doc)
{
    if ((a->n == a->cap || doc >= a->dcap) && vec_grow(a, doc) < 0)
        return -1;
    a->v[a->n++] = x;
    a->counts[doc]++;
    if (doc + 1 > a->ndocs)
        a->ndocs = doc + 1;
    return 0;
}

/* The values and the counts as bytes of their lengths (new references; the vec is left
 * empty), or -1 on an error. */
static int
vec_take(vec_t *a, PyObject **values, PyObject **counts)
{
    *values = *counts = NULL;
    if (_PyBytes_Resize(&a->vb, (Py_ssize_t)sizeof(uint64_t) * a->n) < 0
        || _PyBytes_Resize(&a->cb, (Py_ssize_t)sizeof(int64_t) * a->ndocs) < 0) {
        vec_free(a);
        return -1;
    }
    *values = a->vb;
    *counts = a->cb;
    a->vb = a->cb = NULL;
    return 0;
}

static PyObject *
vec_result(vec_t *a)
{
    PyObject *v, *c;
    if (vec_take(a, &v, &c) < 0)
        return NULL;
    return Py_BuildValue("(NN)", v, c);
}

/* a first guess of the words of a text of n characters (the arrays grow past it) */
#define WORDS_GUESS(n) ((n) / 5 + 16)

static int
get_u64(PyObject *obj, Py_buffer *view, Py_ssize_t min_items)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS) < 0)
        return -1;
    if (view->len < min_items * 8) {
        PyBuffer_Release(view);
        PyErr_SetString(PyExc_ValueError, "buffer too short");
        return -1;
    }
    return 0;
}

/* The two halves of one code point of a word-hash stream, shared by word_hashes and
 * folded_word_hashes (the caller tests whether the code point is a word character, so
 * each keeps its own fast path). word_add: a word character adds its code point times
 * weights[position % 64]; one that opens a word sets acc to that product and j to 1 (the
 * sum from zero without the add: 6-9% fewer instructions than resetting, callgrind). */
ALWAYS_INLINE void
word_add(const uint64_t *W, uint64_t *acc, Py_ssize_t *j, int *in_word, Py_UCS4 ch)
{
    if (!*in_word) {
        *acc = (uint64_t)ch * W[0];
        *j = 1;
        *in_word = 1;
        return;
    }
    *acc += (uint64_t)ch * W[*j & 63];
    (*j)++;
}

/* word_end: any other code point closes the open word, pushing its hash (the sum, xor
 * its length, mixed) for the current document; a NUL starts the next document. */
ALWAYS_INLINE int
word_end(vec_t *out, uint64_t acc, Py_ssize_t j, int *in_word, Py_ssize_t *doc, Py_UCS4 ch)
{
    if (*in_word) {
        if (vec_push(out, mix64(acc ^ (uint64_t)j), *doc) < 0)
            return -1;
        *in_word = 0;
    }
    if (ch == 0)
        (*doc)++;
    return 0;
}

ALWAYS_INLINE int
word_hashes_k(const int kind, const void *data, Py_ssize_t n, const uint64_t *W, vec_t *out)
{
    Py_ssize_t doc = 0, j = 0;
    uint64_t acc = 0;
    int in_word = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = READ_AT(kind, data, i);
        if (IS_WORD(ch))
            word_add(W, &acc, &j, &in_word, ch);
        else if (word_end(out, acc, j, &in_word, &doc, ch) < 0)
            return -1;
    }
    out->seen = doc + 1;
    return word_end(out, acc, j, &in_word, &doc, 1); /* a word running to the end */
}

ALWAYS_INLINE int
folded_word_hashes_k(const int kind, const void *data, Py_ssize_t n, const uint64_t *W,
                     vec_t *out)
{
    Py_ssize_t doc = 0, j = 0;
    uint64_t acc = 0;
    int in_word = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 raw = READ_AT(kind, data, i);
        if (raw < 128) { /* the common case: one code point, folded by the table */
            Py_UCS4 c = ascii_fold[raw];
            if (!c) {
                if (word_end(out, acc, j, &in_word, &doc, raw) < 0)
                    return -1;
                continue;
            }
            word_add(W, &acc, &j, &in_word, c);
            /* the ASCII word characters that follow, in a loop of their own (no test of
             * in_word and no call per character) */
            while (i + 1 < n) {
                Py_UCS4 next = READ_AT(kind, data, i + 1);
                if (next >= 128 || !(c = ascii_fold[next]))
                    break;
                acc += (uint64_t)c * W[j & 63];
                j++;
                i++;
            }
            continue;
        }
        Py_UCS4 f[3];
        int nf = fold_char(raw, f);
        if (nf < 0)
            return -1;
        for (int q = 0; q < nf; q++) {
            if (IS_WORD(f[q]))
                word_add(W, &acc, &j, &in_word, f[q]);
            else if (word_end(out, acc, j, &in_word, &doc, f[q]) < 0)
                return -1;
        }
    }
    out->seen = doc + 1;
    return word_end(out, acc, j, &in_word, &doc, 1); /* a word running to the end */
}

/* The argument handling shared by word_hashes and folded_word_hashes: (joined, weights,
 * ndocs) parsed, the kind-specialised loop run, (hashes, counts) returned. */
static PyObject *
run_word_hashes(PyObject *args, int folded)
{
    PyObject *text, *wobj;
    Py_ssize_t ndocs;
    if (!PyArg_ParseTuple(args, "UOn", &text, &wobj, &ndocs))
        return NULL;
    Py_buffer wv;
    if (get_u64(wobj, &wv, 64) < 0)
        return NULL;
    const uint64_t *W = wv.buf;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    vec_t out;
    if (vec_init(&out, WORDS_GUESS(n), ndocs) < 0) {
        PyBuffer_Release(&wv);
        return NULL;
    }
    int rc = folded
        ? BY_KIND(folded_word_hashes_k(PyUnicode_1BYTE_KIND, data, n, W, &out),
                  folded_word_hashes_k(PyUnicode_2BYTE_KIND, data, n, W, &out),
                  folded_word_hashes_k(PyUnicode_4BYTE_KIND, data, n, W, &out), kind)
        : BY_KIND(word_hashes_k(PyUnicode_1BYTE_KIND, data, n, W, &out),
                  word_hashes_k(PyUnicode_2BYTE_KIND, data, n, W, &out),
                  word_hashes_k(PyUnicode_4BYTE_KIND, data, n, W, &out), kind);
    PyBuffer_Release(&wv);
    PyObject *res = rc < 0 ? NULL : out.seen != ndocs ? Py_NewRef(Py_None) : vec_result(&out);
    vec_free(&out);
    return res;
}

/* folded_word_hashes(joined, weights, ndocs): word_hashes(joined.casefold(), ...) without
 * the folded copy of the text. A fold may split a word (a code point folding to a letter
 * and a combining mark), so the words are cut on the folded stream. */
static PyObject *
folded_word_hashes(PyObject *self, PyObject *args)
{
    return run_word_hashes(args, 1);
}

/* word_hashes(joined, weights, ndocs) -> (hashes, counts) as bytes of uint64 / int64:
 * every word run of joined (documents separated by NUL) hashed as the sum of its code
 * points times weights[position % 64], xor its length, mixed; counts per document. */
static PyObject *
word_hashes(PyObject *self, PyObject *args)
{
    return run_word_hashes(args, 0);
}

/* shingle_minhash(words, lengths, mult, salt, num_perm, bits) -> bytes of uint32
 * (ndocs * num_perm): minhash.signatures_from_word_hashes before densification. words:
 * the uint64 word hashes of all documents, lengths: int64 words per document, mult: the
 * k = len(mult) shingle position constants. Every window of k words inside a document
 * (a document of 1..k-1 words: one window of all its words) is hashed as the sum of its
 * words times mult (mod 2^64), xor salt, mixed; its top `bits` bits pick the bin, its low
 * 32 bits (at most EMPTY - 1) are kept when smaller. Bins no window reaches stay EMPTY. */
/* The flat values and the per-document lengths a batch function takes (8 bytes each): both
 * buffers acquired, the lengths checked to be non-negative and to add up to the values
 * ("lengths do not add up to the <what>"), and *longest, when asked, set to the longest
 * document. 0 with both buffers held (the caller releases them), or -1 with an exception
 * and neither held. */
static int
flat_batch(PyObject *vobj, PyObject *lobj, Py_buffer *vv, Py_buffer *lv, const char *what,
           int64_t *longest)
{
    if (PyObject_GetBuffer(vobj, vv, PyBUF_C_CONTIGUOUS) < 0)
        return -1;
    if (PyObject_GetBuffer(lobj, lv, PyBUF_C_CONTIGUOUS) < 0) {
        PyBuffer_Release(vv);
        return -1;
    }
    const int64_t *len = lv->buf;
    Py_ssize_t ndocs = lv->len / 8, total = 0;
    int64_t most = 0;
    for (Py_ssize_t d = 0; d < ndocs; d++) {
        if (len[d] < 0) {
            PyErr_SetString(PyExc_ValueError, "negative length");
            goto fail;
        }
        total += len[d];
        if (len[d] > most)
            most = len[d];
    }
    if (total != vv->len / 8) {
        PyErr_Format(PyExc_ValueError, "lengths do not add up to the %s", what);
        goto fail;
    }
    if (longest)
        *longest = most;
    return 0;
fail:
    PyBuffer_Release(vv);
    PyBuffer_Release(lv);
    return -1;
}

/* One window of shingle_minhash: its sum (mod 2^64) xor salt, mixed; the top `bits` bits
 * pick the bin ((v >> 1) >> (63 - bits): 0 when bits is 0, without a branch), the low 32
 * bits (at most EMPTY - 1) are kept when smaller. */
ALWAYS_INLINE void
min_into(uint32_t *row, uint64_t acc, unsigned long long salt, Py_ssize_t bits)
{
    uint64_t v = mix64(acc ^ (uint64_t)salt);
    Py_ssize_t bin = (Py_ssize_t)((v >> 1) >> (63 - bits));
    uint32_t low = (uint32_t)(v & 0xFFFFFFFFu);
    low -= (low == 0xFFFFFFFFu);
    if (low < row[bin])
        row[bin] = low;
}

static PyObject *
shingle_minhash(PyObject *self, PyObject *args)
{
    PyObject *wobj, *lobj, *mobj;
    unsigned long long salt;
    Py_ssize_t num_perm, bits;
    if (!PyArg_ParseTuple(args, "OOOKnn", &wobj, &lobj, &mobj, &salt, &num_perm, &bits))
        return NULL;
    if (num_perm < 1 || bits < 0 || bits > 32 || ((Py_ssize_t)1 << bits) > num_perm) {
        PyErr_SetString(PyExc_ValueError, "bad num_perm or bits");
        return NULL;
    }
    Py_buffer wv, lv, mv;
    if (flat_batch(wobj, lobj, &wv, &lv, "words", NULL) < 0)
        return NULL;
    if (PyObject_GetBuffer(mobj, &mv, PyBUF_C_CONTIGUOUS) < 0) {
        PyBuffer_Release(&wv);
        PyBuffer_Release(&lv);
        return NULL;
    }
    PyObject *res = NULL;
    const uint64_t *w = wv.buf;
    const int64_t *len = lv.buf;
    const uint64_t *mult = mv.buf;
    Py_ssize_t ndocs = lv.len / 8, k = mv.len / 8;
    if (k < 1) {
        PyErr_SetString(PyExc_ValueError, "lengths do not add up to the words");
        goto done;
    }
    res = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(ndocs * num_perm * 4));
    if (!res)
        goto done;
    uint32_t *sig = (uint32_t *)PyBytes_AS_STRING(res);
    for (Py_ssize_t q = 0; q < ndocs * num_perm; q++)
        sig[q] = 0xFFFFFFFFu;
    Py_ssize_t start = 0;
    for (Py_ssize_t d = 0; d < ndocs; d++) {
        Py_ssize_t L = (Py_ssize_t)len[d];
        uint32_t *row = sig + d * num_perm;
        Py_ssize_t windows = L >= k ? L - k + 1 : (L > 0 ? 1 : 0);
        Py_ssize_t width = L >= k ? k : L;
        const uint64_t *x = w + start;
        /* the window sums with the width a constant where it is one of the usual (word
         * shingles of 3, anchor shingles of 1 and 2): no loop over the width */
        switch (width) {
        case 1:
            for (Py_ssize_t p = 0; p < windows; p++)
                min_into(row, x[p] * mult[0], salt, bits);
            break;
        case 2:
            for (Py_ssize_t p = 0; p < windows; p++)
                min_into(row, x[p] * mult[0] + x[p + 1] * mult[1], salt, bits);
            break;
        case 3:
            for (Py_ssize_t p = 0; p < windows; p++)
                min_into(row, x[p] * mult[0] + x[p + 1] * mult[1] + x[p + 2] * mult[2], salt,
                         bits);
            break;
        default:
            for (Py_ssize_t p = 0; p < windows; p++) {
                uint64_t acc = 0;
                for (Py_ssize_t j = 0; j < width; j++)
                    acc += x[p + j] * mult[j];
                min_into(row, acc, salt, bits);
            }
        }
        start += L;
    }
done:
    PyBuffer_Release(&wv);
    PyBuffer_Release(&lv);
    PyBuffer_Release(&mv);
    return res;
}

/* sequence_keys(words, lengths) -> bytes of uint64: minhash.sequence_keys_flat, the key of
 * each document's whole word sequence. words: the uint64 word hashes of all documents,
 * lengths: int64 words per document. A word at position p of its document adds
 * mix(word ^ mix(p * 0x9E3779B97F4A7C15 + 0x51ED)) to its document's sum (mod 2^64); the
 * key is mix(sum ^ length), 1 where that is 0, and 0 for a document without words. The
 * position weights are computed once per call up to the longest document. */
static PyObject *
sequence_keys(PyObject *self, PyObject *args)
{
    PyObject *wobj, *lobj;
    if (!PyArg_ParseTuple(args, "OO", &wobj, &lobj))
        return NULL;
    Py_buffer wv, lv;
    int64_t longest = 0;
    if (flat_batch(wobj, lobj, &wv, &lv, "words", &longest) < 0)
        return NULL;
    PyObject *res = NULL;
    uint64_t *weight = NULL;
    const uint64_t *w = wv.buf;
    const int64_t *len = lv.buf;
    Py_ssize_t ndocs = lv.len / 8;
    weight = PyMem_Malloc(sizeof(uint64_t) * (size_t)(longest > 0 ? longest : 1));
    if (!weight) {
        PyErr_NoMemory();
        goto done;
    }
    for (int64_t p = 0; p < longest; p++)
        weight[p] = mix64((uint64_t)p * 0x9E3779B97F4A7C15ULL + 0x51EDULL);
    res = PyBytes_FromStringAndSize(NULL, ndocs * 8);
    if (!res)
        goto done;
    uint64_t *out = (uint64_t *)PyBytes_AS_STRING(res);
    const uint64_t *x = w;
    for (Py_ssize_t d = 0; d < ndocs; d++) {
        int64_t L = len[d];
        if (L == 0) {
            out[d] = 0;
            continue;
        }
        uint64_t sum = 0;
        for (int64_t p = 0; p < L; p++)
            sum += mix64(x[p] ^ weight[p]);
        uint64_t key = mix64(sum ^ (uint64_t)L);
        out[d] = key ? key : 1;
        x += L;
    }
done:
    PyMem_Free(weight);
    PyBuffer_Release(&wv);
    PyBuffer_Release(&lv);
    return res;
}

/* fold_sequences(hashes, lengths, limit) -> (sequences, taken): anchors.flat_sequences, the
 * first `limit` anchor hashes of each document folded to 32 bits (h ^ h >> 32, low half),
 * joined as bytes of uint32, and the number taken of each document as bytes of int64. */
static PyObject *
fold_sequences(PyObject *self, PyObject *args)
{
    PyObject *hobj, *lobj;
    Py_ssize_t limit;
    if (!PyArg_ParseTuple(args, "OOn", &hobj, &lobj, &limit))
        return NULL;
    if (limit < 0) {
        PyErr_SetString(PyExc_ValueError, "negative limit");
        return NULL;
    }
    Py_buffer hv, lv;
    if (flat_batch(hobj, lobj, &hv, &lv, "hashes", NULL) < 0)
        return NULL;
    PyObject *res = NULL, *seq = NULL, *taken = NULL;
    const uint64_t *h = hv.buf;
    const int64_t *len = lv.buf;
    Py_ssize_t ndocs = lv.len / 8, kept = 0;
    for (Py_ssize_t d = 0; d < ndocs; d++)
        kept += len[d] < limit ? len[d] : limit;
    seq = PyBytes_FromStringAndSize(NULL, kept * 4);
    taken = PyBytes_FromStringAndSize(NULL, ndocs * 8);
    if (!seq || !taken)
        goto done;
    uint32_t *out = (uint32_t *)PyBytes_AS_STRING(seq);
    int64_t *tk = (int64_t *)PyBytes_AS_STRING(taken);
    for (Py_ssize_t d = 0; d < ndocs; d++) {
        Py_ssize_t t = len[d] < limit ? (Py_ssize_t)len[d] : limit;
        for (Py_ssize_t p = 0; p < t; p++)
            *out++ = (uint32_t)(h[p] ^ (h[p] >> 32));
        tk[d] = t;
        h += len[d];
    }
    res = Py_BuildValue("(OO)", seq, taken);
done:
    Py_XDECREF(seq);
    Py_XDECREF(taken);
    PyBuffer_Release(&hv);
    PyBuffer_Release(&lv);
    return res;
}

/* char_tables() -> (lower, upper, digit): for every code point (0..0x10FFFF) the tables of
 * anchors._tables: lower (uint32: str.lower of an upper-case code point when that is one
 * code point, else the code point itself), upper and digit (uint8: str.isupper, and
 * str.isdigit where not upper). Py_UNICODE_ISUPPER / ISDIGIT are what str.isupper and
 * str.isdigit test on a one-character str; the lower-case form is asked of str.lower. */
static PyObject *
char_tables(PyObject *self, PyObject *unused)
{
    const Py_ssize_t N = 0x110000;
    PyObject *lower = PyBytes_FromStringAndSize(NULL, N * 4);
    PyObject *upper = PyBytes_FromStringAndSize(NULL, N);
    PyObject *digit = PyBytes_FromStringAndSize(NULL, N);
    if (!lower || !upper || !digit)
        goto fail;
    uint32_t *lo = (uint32_t *)PyBytes_AS_STRING(lower);
    char *up = PyBytes_AS_STRING(upper), *dg = PyBytes_AS_STRING(digit);
    for (Py_ssize_t c = 0; c < N; c++) {
        lo[c] = (uint32_t)c;
        up[c] = 0;
        dg[c] = 0;
        if (Py_UNICODE_ISUPPER((Py_UCS4)c)) {
            up[c] = 1;
            PyObject *ch = PyUnicode_FromOrdinal((int)c);
            PyObject *l = ch ? PyObject_CallMethod(ch, "lower", NULL) : NULL;
            Py_XDECREF(ch);
            if (!l)
                goto fail;
            if (PyUnicode_GET_LENGTH(l) == 1)
                lo[c] = (uint32_t)PyUnicode_READ_CHAR(l, 0);
            Py_DECREF(l);
        } else if (Py_UNICODE_ISDIGIT((Py_UCS4)c)) {
            dg[c] = 1;
        }
    }
    PyObject *res = PyTuple_Pack(3, lower, upper, digit);
    Py_DECREF(lower);
    Py_DECREF(upper);
    Py_DECREF(digit);
    return res;
fail:
    Py_XDECREF(lower);
    Py_XDECREF(upper);
    Py_XDECREF(digit);
    return NULL;
}

/* densify(sig, probes, seed): minhash.densify in place. sig: writable C-ordered uint32
 * (n, P); probes: int64 (T, P), row t the bin each bin copies from at try t. In a row with
 * some bin filled, an EMPTY bin j takes the original value of the first bin
 * probes[t][j] (t = 0, 1, ...) that was not EMPTY; past the T tries it follows the LCG
 * sequence of minhash.densify (h = j * 0x9E3779B97F4A7C15 + seed, then
 * h = h * 6364136223846793005 + 1442695040888963407 mod 2^64, bin (h >> 33) % P). */
static PyObject *
densify(PyObject *self, PyObject *args)
{
    PyObject *sobj, *pobj;
    unsigned long long seed;
    if (!PyArg_ParseTuple(args, "OOK", &sobj, &pobj, &seed))
        return NULL;
    Py_buffer sv, pv;
    if (PyObject_GetBuffer(sobj, &sv, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE | PyBUF_ND) < 0)
        return NULL;
    if (PyObject_GetBuffer(pobj, &pv, PyBUF_C_CONTIGUOUS | PyBUF_ND) < 0) {
        PyBuffer_Release(&sv);
        return NULL;
    }
    PyObject *res = NULL;
    uint32_t *row_copy = NULL;
    if (sv.ndim != 2 || sv.itemsize != 4 || pv.ndim != 2 || pv.itemsize != 8
        || pv.shape[1] != sv.shape[1]) {
        PyErr_SetString(PyExc_ValueError, "densify: sig (n, P) uint32, probes (T, P) int64");
        goto done;
    }
    Py_ssize_t n = sv.shape[0], P = sv.shape[1], T = pv.shape[0];
    uint32_t *sig = sv.buf;
    const int64_t *probes = pv.buf;
    for (Py_ssize_t q = 0; q < T * P; q++)
        if (probes[q] < 0 || probes[q] >= P) {
            PyErr_SetString(PyExc_ValueError, "densify: a probe outside the row");
            goto done;
        }
    row_copy = PyMem_Malloc(sizeof(uint32_t) * (size_t)(P > 0 ? P : 1));
    if (!row_copy) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t r = 0; r < n; r++) {
        uint32_t *row = sig + r * P;
        int empty = 0, filled = 0;
        for (Py_ssize_t j = 0; j < P; j++) {
            if (row[j] == 0xFFFFFFFFu)
                empty = 1;
            else
                filled = 1;
        }
        if (!empty || !filled)
            continue;
        memcpy(row_copy, row, sizeof(uint32_t) * (size_t)P);
        for (Py_ssize_t j = 0; j < P; j++) {
            if (row_copy[j] != 0xFFFFFFFFu)
                continue;
            Py_ssize_t t = 0;
            for (; t < T; t++) {
                uint32_t src = row_copy[probes[t * P + j]];
                if (src != 0xFFFFFFFFu) {
                    row[j] = src;
                    break;
                }
            }
            if (t < T)
                continue;
            uint64_t h = (uint64_t)j * 0x9E3779B97F4A7C15ULL + (uint64_t)seed;
            for (;;) {
                h = h * 6364136223846793005ULL + 1442695040888963407ULL;
                uint32_t src = row_copy[(Py_ssize_t)((h >> 33) % (uint64_t)P)];
                if (src != 0xFFFFFFFFu) {
                    row[j] = src;
                    break;
                }
            }
        }
    }
    res = Py_None;
    Py_INCREF(res);
done:
    PyMem_Free(row_copy);
    PyBuffer_Release(&sv);
    PyBuffer_Release(&pv);
    return res;
}

#define F_UPPER 1
#define F_DIGIT 2
#define F_BLANK 4
#define F_ENDER 8
#define F_WORD 16 /* IS_WORD: anchors._tables sets it from word_flags() */

/* What anchor_tokens' loop reads besides the text. */
typedef struct {
    const uint64_t *W;
    const uint32_t *lower;
    const uint8_t *flags;
    Py_ssize_t stem, min_content;
    /* the stop words' stem hashes as an open-addressing set (the hashes are mixed, so
     * their low bits index it): no binary search and its unpredictable branches per word */
    const uint64_t *stop_set;
    const uint8_t *stop_used;
    size_t stop_mask;
} anchor_env_t;

ALWAYS_INLINE int
anchor_tokens_k(const int kind, const void *data, Py_ssize_t n, const anchor_env_t *e,
                vec_t *keep, vec_t *content)
{
    const uint64_t *W = e->W;
    const uint32_t *lower = e->lower;
    const uint8_t *flags = e->flags;
    const Py_ssize_t stem = e->stem, min_content = e->min_content;
    Py_ssize_t doc = 0, i = 0;
    int opens = 1; /* no non-blank character yet */
    while (i < n) {
        Py_UCS4 ch = READ_AT(kind, data, i);
        uint8_t f = flags[ch]; /* one load tells a word character (F_WORD) and the rest */
        if (!(f & F_WORD)) {
            if (ch == 0)
                doc++;
            if (!(f & F_BLANK))
                opens = (f & F_ENDER) != 0;
            i++;
            continue;
        }
        uint8_t hf = f;
        uint64_t acc = 0;
        Py_ssize_t j = 0;
        if (stem > 0) { /* the stem's characters hashed, then the rest of the word counted */
            for (;;) {
                acc += (uint64_t)lower[ch] * W[j];
                j++;
                i++;
                if (j >= stem || i >= n)
                    break;
                ch = READ_AT(kind, data, i);
                if (!(flags[ch] & F_WORD))
                    break;
            }
        }
        while (i < n && (flags[READ_AT(kind, data, i)] & F_WORD)) {
            j++;
            i++;
        }
        /* the character before the next token is this token's last one: a word
         * character, never blank, never an ender */
        uint64_t h = mix64(acc ^ (uint64_t)(j < stem ? j : stem));
        int is_digit = (hf & F_DIGIT) != 0;
        int is_name = (hf & F_UPPER) && !opens;
        int is_content = 0;
        if (j >= min_content) { /* a stop word? one probe or two of the stop set */
            is_content = 1;
            for (size_t q = (size_t)h & e->stop_mask; e->stop_used[q]; q = (q + 1) & e->stop_mask)
                if (e->stop_set[q] == h) {
                    is_content = 0;
                    break;
                }
        }
        opens = 0;
        if ((is_digit || is_name || is_content) && vec_push(keep, h, doc) < 0)
            return -1;
        if (is_content && !is_digit && !is_name && vec_push(content, h, doc) < 0)
            return -1;
    }
    keep->seen = doc + 1;
    return 0;
}

/* The buffers and the stop set anchor_tokens and word_anchor_tokens read besides the
 * text, taken from their arguments (weights, lower, flags, stop) and checked. */
typedef struct {
    Py_buffer wv, lv, fv, sv;
    int held; /* buffers held */
    uint64_t *stop_set;
    uint8_t *stop_used;
    anchor_env_t env;
} anchor_args_t;

static void
anchor_args_release(anchor_args_t *a)
{
    Py_buffer *views[4] = {&a->wv, &a->lv, &a->fv, &a->sv};
    for (int k = 0; k < a->held; k++)
        PyBuffer_Release(views[k]);
    a->held = 0;
    PyMem_Free(a->stop_set);
    PyMem_Free(a->stop_used);
    a->stop_set = NULL;
    a->stop_used = NULL;
}

static int
anchor_args_init(anchor_args_t *a, PyObject *wobj, PyObject *lobj, PyObject *fobj,
                 PyObject *sobj, Py_ssize_t stem, Py_ssize_t min_content)
{
    a->held = 0;
    a->stop_set = NULL;
    a->stop_used = NULL;
    if (get_u64(wobj, &a->wv, 64) < 0)
        return -1;
    a->held = 1;
    if (PyObject_GetBuffer(lobj, &a->lv, PyBUF_C_CONTIGUOUS) < 0)
        goto fail;
    a->held = 2;
    if (PyObject_GetBuffer(fobj, &a->fv, PyBUF_C_CONTIGUOUS) < 0)
        goto fail;
    a->held = 3;
    if (PyObject_GetBuffer(sobj, &a->sv, PyBUF_C_CONTIGUOUS) < 0)
        goto fail;
    a->held = 4;
    if (a->lv.len < 0x110000 * 4 || a->fv.len < 0x110000 || stem < 0 || stem > 64) {
        PyErr_SetString(PyExc_ValueError, "tables must cover every code point");
        goto fail;
    }
    const uint8_t *flags = a->fv.buf;
    if (!(flags['a'] & F_WORD) || (flags[' '] & F_WORD)) {
        PyErr_SetString(PyExc_ValueError, "flags must mark word characters (word_flags)");
        goto fail;
    }
    const uint64_t *stop = a->sv.buf;
    Py_ssize_t nstop = a->sv.len / 8;
    size_t slots = 64;
    while (slots < 4 * (size_t)nstop)
        slots *= 2;
    a->stop_set = PyMem_Calloc(slots, sizeof(uint64_t));
    a->stop_used = PyMem_Calloc(slots, 1);
    if (!a->stop_set || !a->stop_used) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t k = 0; k < nstop; k++) {
        size_t q = (size_t)stop[k] & (slots - 1);
        while (a->stop_used[q] && a->stop_set[q] != stop[k])
            q = (q + 1) & (slots - 1);
        a->stop_set[q] = stop[k];
        a->stop_used[q] = 1;
    }
    const anchor_env_t env = {a->wv.buf, a->lv.buf, flags, stem, min_content, a->stop_set,
                              a->stop_used, slots - 1};
    a->env = env;
    return 0;
fail:
    anchor_args_release(a);
    return -1;
}

/* anchor_tokens(joined, weights, lower, flags, stop, stem, min_content, ndocs) ->
 * (anchors, anchor counts, content words, content counts): anchors.anchor_hashes over the
 * word runs of joined (NFKC texts separated by NUL). lower: uint32 per code point; flags:
 * uint8 per code point (F_*); stop: the sorted stem hashes of the stop words. */
static PyObject *
anchor_tokens(PyObject *self, PyObject *args)
{
    PyObject *text, *wobj, *lobj, *fobj, *sobj;
    Py_ssize_t stem, min_content, ndocs;
    if (!PyArg_ParseTuple(args, "UOOOOnnn", &text, &wobj, &lobj, &fobj, &sobj, &stem,
                          &min_content, &ndocs))
        return NULL;
    anchor_args_t a;
    if (anchor_args_init(&a, wobj, lobj, fobj, sobj, stem, min_content) < 0)
        return NULL;
    PyObject *res = NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    vec_t keep, content;
    if (vec_init(&keep, WORDS_GUESS(n), ndocs) < 0)
        goto done;
    if (vec_init(&content, WORDS_GUESS(n) / 2, ndocs) < 0) {
        vec_free(&keep);
        goto done;
    }
    int rc = BY_KIND(anchor_tokens_k(PyUnicode_1BYTE_KIND, data, n, &a.env, &keep, &content),
                     anchor_tokens_k(PyUnicode_2BYTE_KIND, data, n, &a.env, &keep, &content),
                     anchor_tokens_k(PyUnicode_4BYTE_KIND, data, n, &a.env, &keep, &content),
                     kind);
    if (rc == 0 && keep.seen != ndocs)
        res = Py_NewRef(Py_None);
    else if (rc == 0) {
        PyObject *kv, *kc, *cv, *cc;
        if (vec_take(&keep, &kv, &kc) == 0) {
            if (vec_take(&content, &cv, &cc) == 0)
                res = Py_BuildValue("(NNNN)", kv, kc, cv, cc);
            else {
                Py_DECREF(kv);
                Py_DECREF(kc);
            }
        }
    }
    vec_free(&keep);
    vec_free(&content);
done:
    anchor_args_release(&a);
    return res;
}

/* word_anchor_tokens' anchor side: anchor_tokens_k's loop as a state machine fed one code
 * point at a time (a token is closed, and kept or not, by the first code point after it
 * that is not a word character, or by the end of the text). */
typedef struct {
    uint64_t acc;      /* the stem's hash so far */
    Py_ssize_t j;      /* characters of the open token */
    Py_ssize_t doc;
    int in_tok;
    int opens;         /* no non-blank character since the last ender (or the start) */
    uint8_t hf;        /* flags of the open token's first character */
} anchor_state_t;

ALWAYS_INLINE int
anchor_close(anchor_state_t *s, const anchor_env_t *e, vec_t *keep, vec_t *content)
{
    if (!s->in_tok)
        return 0;
    s->in_tok = 0;
    uint64_t h = mix64(s->acc ^ (uint64_t)(s->j < e->stem ? s->j : e->stem));
    int is_digit = (s->hf & F_DIGIT) != 0;
    int is_name = (s->hf & F_UPPER) && !s->opens;
    int is_content = 0;
    if (s->j >= e->min_content) {
        is_content = 1;
        for (size_t q = (size_t)h & e->stop_mask; e->stop_used[q]; q = (q + 1) & e->stop_mask)
            if (e->stop_set[q] == h) {
                is_content = 0;
                break;
            }
    }
    s->opens = 0;
    if ((is_digit || is_name || is_content) && vec_push(keep, h, s->doc) < 0)
        return -1;
    if (is_content && !is_digit && !is_name && vec_push(content, h, s->doc) < 0)
        return -1;
    return 0;
}

/* a code point that is not a word character (flags f): closes the open token */
ALWAYS_INLINE int
anchor_other(anchor_state_t *s, const anchor_env_t *e, vec_t *keep, vec_t *content,
             Py_UCS4 ch, uint8_t f)
{
    if (anchor_close(s, e, keep, content) < 0)
        return -1;
    if (ch == 0)
        s->doc++;
    if (!(f & F_BLANK))
        s->opens = (f & F_ENDER) != 0;
    return 0;
}

/* a word character (flags f), whose lower-case code point is low */
ALWAYS_INLINE void
anchor_add(anchor_state_t *s, const anchor_env_t *e, uint32_t low, uint8_t f)
{
    if (!s->in_tok) {
        s->in_tok = 1;
        s->hf = f;
        s->acc = 0;
        s->j = 0;
    }
    if (s->j < e->stem)
        s->acc += (uint64_t)low * e->W[s->j];
    s->j++;
}

/* An ASCII word from its first character at i (an ASCII word character): its folded
 * characters times W[position] summed (*sum), the same over its first `stem` characters
 * (*stem_sum; 0 when stem is 0), its length; returns the index after it. Its own loops
 * with few live values (word_anchor_k's holds both tokenisers' states): with the loops
 * written inline there, the compiler kept the sums in memory (callgrind: 8% more
 * instructions in the function). */
ALWAYS_INLINE Py_ssize_t
ascii_word_k(const int kind, const void *data, Py_ssize_t i, Py_ssize_t n, const uint64_t *W,
             Py_ssize_t stem, uint64_t *sum_out, uint64_t *stem_out, Py_ssize_t *len_out)
{
    uint64_t sum = (uint64_t)ascii_fold[READ_AT(kind, data, i)] * W[0];
    Py_ssize_t len = 1;
    Py_UCS4 next, c;
    i++;
    if (stem >= 1) {
        while (len < stem && i < n) { /* the stem's characters */
            next = READ_AT(kind, data, i);
            if (next >= 128 || !(c = ascii_fold[next]))
                break;
            sum += (uint64_t)c * W[len];
            len++;
            i++;
        }
        *stem_out = sum;
    } else {
        *stem_out = 0;
    }
    while (i < n) { /* the rest of the word */
        next = READ_AT(kind, data, i);
        if (next >= 128 || !(c = ascii_fold[next]))
            break;
        sum += (uint64_t)c * W[len & 63];
        len++;
        i++;
    }
    *sum_out = sum;
    *len_out = len;
    return i;
}

#define ASCII_WORD(suffix, kind)                                                            \
    static inline __attribute__((always_inline)) Py_ssize_t ascii_word_##suffix(                     \
        const void *data, Py_ssize_t i, Py_ssize_t n, const uint64_t *W, Py_ssize_t stem,   \
        uint64_t *sum, uint64_t *stem_sum, Py_ssize_t *len)                                 \
    {                                                                                       \
        return ascii_word_k(kind, data, i, n, W, stem, sum, stem_sum, len);                 \
    }
ASCII_WORD(1, PyUnicode_1BYTE_KIND)
ASCII_WORD(2, PyUnicode_2BYTE_KIND)
ASCII_WORD(4, PyUnicode_4BYTE_KIND)

/* One pass of folded_word_hashes_k and anchor_tokens_k over the same text: the word
 * hashes cut words on the case-folded stream, the anchors on the NFKC one. They differ
 * only where a code point past ASCII folds to more than one code point or to one of the
 * other kind (word or not), so each side keeps its own state. A word of ASCII characters
 * (folded and lowered alike: word_anchor_tokens checks the tables), the common case, is
 * read once from its first character: one product per character serves both hashes
 * (the anchor's is the word's sum over its first `stem` characters), and both are pushed
 * when it ends; a word that goes on past ASCII hands both states over to the code point
 * by code point path. */
ALWAYS_INLINE int
word_anchor_k(const int kind, const void *data, Py_ssize_t n, const anchor_env_t *e,
              vec_t *words, vec_t *keep, vec_t *content)
{
    const uint64_t *W = e->W;
    const uint8_t *flags = e->flags;
    const Py_ssize_t stem = e->stem;
    Py_ssize_t doc = 0, j = 0;
    uint64_t acc = 0;
    int in_word = 0;
    anchor_state_t a = {0, 0, 0, 0, 1, 0};
    Py_ssize_t i = 0;
    while (i < n) {
        Py_UCS4 raw = READ_AT(kind, data, i);
        if (raw < 128) {
            Py_UCS4 c = ascii_fold[raw];
            if (!c) {
                if (word_end(words, acc, j, &in_word, &doc, raw) < 0
                    || anchor_other(&a, e, keep, content, raw, flags[raw]) < 0)
                    return -1;
                i++;
                continue;
            }
            if (in_word || a.in_tok) { /* inside a word begun past ASCII */
                word_add(W, &acc, &j, &in_word, c);
                anchor_add(&a, e, c, flags[raw]);
                i++;
                continue;
            }
            uint8_t hf = flags[raw];
            uint64_t sum, stem_sum;
            Py_ssize_t len;
            i = BY_KIND(ascii_word_1(data, i, n, W, stem, &sum, &stem_sum, &len),
                        ascii_word_2(data, i, n, W, stem, &sum, &stem_sum, &len),
                        ascii_word_4(data, i, n, W, stem, &sum, &stem_sum, &len), kind);
            a.in_tok = 1;
            a.hf = hf;
            a.acc = stem_sum;
            a.j = len;
            if (i < n && READ_AT(kind, data, i) >= 128) { /* the word may go on */
                in_word = 1;
                acc = sum;
                j = len;
                continue;
            }
            if (vec_push(words, mix64(sum ^ (uint64_t)len), doc) < 0
                || anchor_close(&a, e, keep, content) < 0)
                return -1;
            continue;
        }
        uint8_t f = flags[raw];
        if (f & F_WORD)
            anchor_add(&a, e, e->lower[raw], f);
        else if (anchor_other(&a, e, keep, content, raw, f) < 0)
            return -1;
        Py_UCS4 fb[3];
        int nf = fold_char(raw, fb);
        if (nf < 0)
            return -1;
        for (int q = 0; q < nf; q++) {
            if (IS_WORD(fb[q]))
                word_add(W, &acc, &j, &in_word, fb[q]);
            else if (word_end(words, acc, j, &in_word, &doc, fb[q]) < 0)
                return -1;
        }
        i++;
    }
    words->seen = doc + 1;
    if (word_end(words, acc, j, &in_word, &doc, 1) < 0)
        return -1;
    return anchor_close(&a, e, keep, content);
}

/* word_anchor_tokens(joined, weights, lower, flags, stop, stem, min_content, ndocs) ->
 * (word hashes, word counts, anchors, anchor counts, content words, content counts):
 * folded_word_hashes(joined, weights, ndocs) and anchor_tokens(joined, ...) in one pass
 * over the text (the signature stage asks both of every batch). */
static PyObject *
word_anchor_tokens(PyObject *self, PyObject *args)
{
    PyObject *text, *wobj, *lobj, *fobj, *sobj;
    Py_ssize_t stem, min_content, ndocs;
    if (!PyArg_ParseTuple(args, "UOOOOnnn", &text, &wobj, &lobj, &fobj, &sobj, &stem,
                          &min_content, &ndocs))
        return NULL;
    anchor_args_t a;
    if (anchor_args_init(&a, wobj, lobj, fobj, sobj, stem, min_content) < 0)
        return NULL;
    PyObject *res = NULL;
    for (int c = 0; c < 128; c++) { /* the inner loop's premise: ASCII folds as it lowers */
        int word = (a.env.flags[c] & F_WORD) != 0;
        if (word != (ascii_fold[c] != 0) || (word && a.env.lower[c] != ascii_fold[c])) {
            PyErr_SetString(PyExc_ValueError, "lower and flags disagree with ASCII's fold");
            goto done;
        }
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    vec_t words, keep, content;
    if (vec_init(&words, WORDS_GUESS(n), ndocs) < 0)
        goto done;
    if (vec_init(&keep, WORDS_GUESS(n), ndocs) < 0) {
        vec_free(&words);
        goto done;
    }
    if (vec_init(&content, WORDS_GUESS(n) / 2, ndocs) < 0) {
        vec_free(&words);
        vec_free(&keep);
        goto done;
    }
    int rc = BY_KIND(
        word_anchor_k(PyUnicode_1BYTE_KIND, data, n, &a.env, &words, &keep, &content),
        word_anchor_k(PyUnicode_2BYTE_KIND, data, n, &a.env, &words, &keep, &content),
        word_anchor_k(PyUnicode_4BYTE_KIND, data, n, &a.env, &words, &keep, &content), kind);
    if (rc == 0 && words.seen != ndocs)
        res = Py_NewRef(Py_None);
    else if (rc == 0) {
        PyObject *r[6] = {NULL, NULL, NULL, NULL, NULL, NULL};
        if (vec_take(&words, &r[0], &r[1]) == 0 && vec_take(&keep, &r[2], &r[3]) == 0
            && vec_take(&content, &r[4], &r[5]) == 0)
            res = Py_BuildValue("(NNNNNN)", r[0], r[1], r[2], r[3], r[4], r[5]);
        else
            for (int k = 0; k < 6; k++)
                Py_XDECREF(r[k]);
    }
    vec_free(&words);
    vec_free(&keep);
    vec_free(&content);
done:
    anchor_args_release(&a);
    return res;
}

/* lcs_pairs(longer, shorter) -> bytes of int64, the k positions in shorter then the k in
 * longer: anchors.lcs_pairs (one longest common subsequence of two uint32 sequences, the
 * tiled alignment's rounds). The bit-parallel rows of lcs_profile are kept, as the bits
 * where each row's length grows (W words a row), and walked back from the end as the
 * Python reference walks them, so both give the same pairs: L(t, j) is the number of
 * bits of row t under bit j; up a row while the row above reaches the same length, else
 * left to the last match of the row's element from which the row above reaches one less.
 * Matches are found by comparing values while walking left (no table per value). */
/* bits of a row under bit j; cum[k]: the bits of its words before word k */
/* One row of the bit-parallel longest common subsequence (Allison-Dix / Hyyro): ``v``
 * (``W`` words, the last masked by ``last``) takes the matches ``bits`` of the next
 * symbol; returns the bits left set (the row's length minus the subsequence so far).
 * Shared by lcs_profile and lcs_pairs. */
static inline Py_ssize_t
lcs_row_step(uint64_t *v, const uint64_t *bits, Py_ssize_t W, uint64_t last)
{
    uint64_t carry = 0;
    Py_ssize_t ones = 0;
    for (Py_ssize_t k = 0; k < W; k++) {
        uint64_t vk = v[k], u = vk & bits[k];
        uint64_t s1 = vk + u;
        uint64_t c1 = s1 < vk;
        uint64_t s2 = s1 + carry;
        uint64_t c2 = s2 < s1;
        carry = c1 | c2;
        uint64_t nk = s2 | (vk & ~u);
        if (k == W - 1)
            nk &= last;
        v[k] = nk;
        ones += __builtin_popcountll(nk);
    }
    return ones;
}

static Py_ssize_t
lp_prefix(const uint64_t *row, const uint16_t *cum, Py_ssize_t j)
{
    Py_ssize_t k = j / 64, c = cum[k];
    if (j % 64)
        c += __builtin_popcountll(row[k] & (((uint64_t)1 << (j % 64)) - 1));
    return c;
}

static int
lp_cmp(const void *x, const void *y)
{
    uint64_t p = *(const uint64_t *)x, q = *(const uint64_t *)y;
    return (p > q) - (p < q);
}

static PyObject *
lcs_pairs(PyObject *self, PyObject *args)
{
    Py_buffer lv, sv;
    if (!PyArg_ParseTuple(args, "y*y*", &lv, &sv))
        return NULL;
    PyObject *res = NULL;
    const uint32_t *a = lv.buf, *b = sv.buf;
    Py_ssize_t m = lv.len / 4, n = sv.len / 4;
    Py_ssize_t W = (m + 63) / 64, W1 = W > 0 ? W : 1;
    uint64_t *rows = PyMem_Calloc(((size_t)n + 1) * (size_t)W1, sizeof(uint64_t));
    uint64_t *v = PyMem_Malloc(sizeof(uint64_t) * (size_t)W1);
    uint64_t *bits = PyMem_Calloc((size_t)W1, sizeof(uint64_t));
    size_t kmax = (size_t)(n < m ? n : m) + 1;
    int64_t *pi = PyMem_Malloc(kmax * sizeof(int64_t));
    int64_t *pj = PyMem_Malloc(kmax * sizeof(int64_t));
    /* the positions of longer by value: (value << 32 | position), sorted */
    uint64_t *byval = PyMem_Malloc(sizeof(uint64_t) * (size_t)(m > 0 ? m : 1));
    uint16_t *cums = PyMem_Calloc(((size_t)n + 1) * ((size_t)W + 1), sizeof(uint16_t));
    if (!rows || !v || !bits || !pi || !pj || !byval || !cums) {
        PyErr_NoMemory();
        PyMem_Free(byval);
        PyMem_Free(cums);
        goto done;
    }
    for (Py_ssize_t i = 0; i < m; i++)
        byval[i] = ((uint64_t)a[i] << 32) | (uint64_t)i;
    qsort(byval, (size_t)m, sizeof(uint64_t), lp_cmp);
    uint64_t last = (m % 64) ? (((uint64_t)1 << (m % 64)) - 1) : ~(uint64_t)0;
    for (Py_ssize_t k = 0; k < W; k++)
        v[k] = ~(uint64_t)0;
    if (W)
        v[W - 1] = last;
    for (Py_ssize_t t = 0; t < n; t++) {
        uint32_t y = b[t];
        Py_ssize_t lo = 0, hi = m; /* the first entry of value y */
        while (lo < hi) {
            Py_ssize_t mid = (lo + hi) / 2;
            if ((byval[mid] >> 32) < y)
                lo = mid + 1;
            else
                hi = mid;
        }
        Py_ssize_t end = lo;
        while (end < m && (byval[end] >> 32) == y) {
            uint32_t i = (uint32_t)byval[end];
            bits[i / 64] |= (uint64_t)1 << (i % 64);
            end++;
        }
        if (end > lo) {
            lcs_row_step(v, bits, W, last);
            for (Py_ssize_t q = lo; q < end; q++) {
                uint32_t i = (uint32_t)byval[q];
                bits[i / 64] = 0;
            }
        }
        uint64_t *row = rows + (size_t)(t + 1) * (size_t)W1;
        uint16_t *cum = cums + (size_t)(t + 1) * ((size_t)W + 1);
        for (Py_ssize_t k = 0; k < W; k++) {
            row[k] = ~v[k] & (k == W - 1 ? last : ~(uint64_t)0);
            cum[k + 1] = (uint16_t)(cum[k] + __builtin_popcountll(row[k]));
        }
    }
    Py_ssize_t t = n, j = m, k = 0;
    Py_ssize_t cur = (n && m) ? cums[(size_t)n * ((size_t)W + 1) + (size_t)W] : 0;
    while (t > 0 && j > 0 && cur > 0) {
        const uint64_t *up = rows + (size_t)(t - 1) * (size_t)W1;
        const uint16_t *ucum = cums + (size_t)(t - 1) * ((size_t)W + 1);
        if (lp_prefix(up, ucum, j) == cur) {
            t--;
            continue;
        }
        uint32_t y = b[t - 1];
        while (j > 0 && !(a[j - 1] == y && lp_prefix(up, ucum, j - 1) == cur - 1))
            j--;
        if (j == 0)
            break;
        pi[k] = t - 1;
        pj[k] = j - 1;
        k++;
        t--;
        j--;
        cur--;
    }
    res = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(2 * k * sizeof(int64_t)));
    if (res) {
        int64_t *o = (int64_t *)PyBytes_AS_STRING(res);
        for (Py_ssize_t q = 0; q < k; q++) { /* the walk found them from the end */
            o[q] = pi[k - 1 - q];
            o[k + q] = pj[k - 1 - q];
        }
    }
    PyMem_Free(byval);
    PyMem_Free(cums);
done:
    PyMem_Free(rows);
    PyMem_Free(v);
    PyMem_Free(bits);
    PyMem_Free(pi);
    PyMem_Free(pj);
    PyBuffer_Release(&lv);
    PyBuffer_Release(&sv);
    return res;
}

/* lcs_profile(longer, shorter) -> bytes of int64: anchors.lcs_profile (the bit-parallel
 * longest common subsequence of Allison-Dix / Hyyro) over uint32 sequences given as
 * buffers, with the bit vector in 64-bit words instead of one Python integer. As u = v & b
 * is a subset of v, v - u is v & ~u: each step is v = ((v + u) | (v & ~u)) & mask.
 * With GCC on x86 it is built twice, the copy for CPUs with POPCNT chosen at load time:
 * the portable build counts bits by a libgcc call per word (about 1% of a dedup run). */
#if defined(__GNUC__) && !defined(__clang__) && (defined(__x86_64__) || defined(__i386__)) \
    && defined(__linux__)
__attribute__((target_clones("popcnt", "default")))
#endif
static PyObject *
lcs_profile(PyObject *self, PyObject *args)
{
    Py_buffer lv, sv;
    if (!PyArg_ParseTuple(args, "y*y*", &lv, &sv))
        return NULL;
    PyObject *res = NULL;
    const uint32_t *a = lv.buf, *b = sv.buf;
    Py_ssize_t m = lv.len / 4, n = sv.len / 4;
    Py_ssize_t W = (m + 63) / 64;
    /* the distinct values of longer, by open addressing, and the positions of each (one
     * list after another, first[g] the start of value g's); a value's match bits are set
     * in one row of W words while its step runs and cleared after: a bit row per distinct
     * value, zeroed, cost about 1% of a dedup run's instructions (callgrind, 4k docs) */
    size_t size = 16;
    while (size < (size_t)(m > 0 ? m : 1) * 2)
        size <<= 1;
    size_t m1 = (size_t)(m > 0 ? m : 1);
    int32_t *slots = PyMem_Malloc(size * sizeof(int32_t));
    uint32_t *vals = PyMem_Malloc(sizeof(uint32_t) * m1);
    int32_t *group = PyMem_Malloc(sizeof(int32_t) * m1);   /* value index of each position */
    int32_t *first = PyMem_Calloc(m1 + 1, sizeof(int32_t)); /* start of each value's list */
    int32_t *where = PyMem_Malloc(sizeof(int32_t) * m1);   /* the positions, by value */
    uint64_t *bits = PyMem_Calloc((size_t)(W > 0 ? W : 1), sizeof(uint64_t));
    uint64_t *v = PyMem_Malloc(sizeof(uint64_t) * (size_t)(W > 0 ? W : 1));
    int64_t *out = PyMem_Malloc(sizeof(int64_t) * (size_t)(n + 1));
    if (!slots || !vals || !group || !first || !where || !bits || !v || !out) {
        PyErr_NoMemory();
        goto done;
    }
    memset(slots, 0xff, size * sizeof(int32_t));
    Py_ssize_t nv = 0;
    for (Py_ssize_t i = 0; i < m; i++) {
        uint32_t x = a[i];
        size_t at = (size_t)mix64(x) & (size - 1);
        while (slots[at] >= 0 && vals[slots[at]] != x)
            at = (at + 1) & (size - 1);
        if (slots[at] < 0) {
            slots[at] = (int32_t)nv;
            vals[nv++] = x;
        }
        group[i] = slots[at];
        first[slots[at] + 1]++;
    }
    for (Py_ssize_t g = 0; g < nv; g++)
        first[g + 1] += first[g];
    for (Py_ssize_t i = 0; i < m; i++) /* group[i] becomes the next free place of its value */
        where[first[group[i]]++] = (int32_t)i;
    for (Py_ssize_t g = nv; g > 0; g--) /* first[] moved on by its value's count: back */
        first[g] = first[g - 1];
    first[0] = 0;
    uint64_t last = (m % 64) ? (((uint64_t)1 << (m % 64)) - 1) : ~(uint64_t)0;
    for (Py_ssize_t k = 0; k < W; k++)
        v[k] = ~(uint64_t)0;
    if (W)
        v[W - 1] = last;
    Py_ssize_t ones = m; /* bits set in v */
    out[0] = 0;
    for (Py_ssize_t t = 0; t < n; t++) {
        uint32_t y = b[t];
        if (m) {
            size_t at = (size_t)mix64(y) & (size - 1);
            while (slots[at] >= 0 && vals[slots[at]] != y)
                at = (at + 1) & (size - 1);
            if (slots[at] >= 0) {
                const int32_t *p0 = where + first[slots[at]], *p1 = where + first[slots[at] + 1];
                for (const int32_t *p = p0; p < p1; p++)
                    bits[*p / 64] |= (uint64_t)1 << (*p % 64);
                ones = lcs_row_step(v, bits, W, last);
                for (const int32_t *p = p0; p < p1; p++)
                    bits[*p / 64] = 0;
            }
        }
        out[t + 1] = m - ones;
    }
    res = PyBytes_FromStringAndSize((const char *)out, (Py_ssize_t)((n + 1) * 8));
done:
    PyMem_Free(slots);
    PyMem_Free(vals);
    PyMem_Free(group);
    PyMem_Free(first);
    PyMem_Free(where);
    PyMem_Free(bits);
    PyMem_Free(v);
    PyMem_Free(out);
    PyBuffer_Release(&lv);
    PyBuffer_Release(&sv);
    return res;
}

/* nfkc_simple(text, table, start) -> the index of the first code point at or after
 * ``start`` whose bit is not set in ``table`` (bytes, one bit per BMP code point, built by
 * minhash._nfkc_table: a starter that NFKC leaves alone and that composes with nothing
 * before it), or -1. A text of such code points only is in NFKC form; a code point past
 * the BMP is never in the table. ASCII runs are skipped a machine word at a time; other
 * code points cost one table lookup, where unicodedata.is_normalized's quick check looks
 * up a database record per character (about 6% of a dedup run's instructions). */
#define NS_SIMPLE(bits, c) (((bits)[(c) >> 3] >> ((c) & 7)) & 1)

/* The scan of one string kind: code units of type T, skipping `per` ASCII code units at a
 * time (the 8 bytes of a word, none with a bit of `high` set), else one table lookup; sets
 * `bad` to the first code point not in the table. Used with `bits`, `data`, `n`, `i`,
 * `bad` of nfkc_simple. */
#define NS_SCAN_SIMPLE(T, per, high)                     \
    do {                                                 \
        const T *p = (const T *)data;                    \
        while (i < n) {                                  \
            uint64_t w;                                  \
            if (i + (per) <= n) {                        \
                memcpy(&w, p + i, 8);                    \
                if (!(w & (high))) {                     \
                    i += (per);                          \
                    continue;                            \
                }                                        \
            }                                            \
            if (!NS_SIMPLE(bits, p[i])) {                \
                bad = i;                                 \
                break;                                   \
            }                                            \
            i++;                                         \
        }                                                \
    } while (0)

static PyObject *
nfkc_simple(PyObject *self, PyObject *args)
{
    PyObject *text;
    Py_buffer table;
    Py_ssize_t i = 0;
    if (!PyArg_ParseTuple(args, "Uy*|n", &text, &table, &i))
        return NULL;
    if (table.len < 0x10000 / 8) {
        PyBuffer_Release(&table);
        PyErr_SetString(PyExc_ValueError, "the table needs one bit per BMP code point");
        return NULL;
    }
    const unsigned char *bits = (const unsigned char *)table.buf;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t bad = -1;
    if (i < 0)
        i = 0;
    if (PyUnicode_IS_ASCII(text)) {
        i = n;
    }
    else if (kind == PyUnicode_1BYTE_KIND) {
        NS_SCAN_SIMPLE(Py_UCS1, 8, 0x8080808080808080ULL);
    }
    else if (kind == PyUnicode_2BYTE_KIND) {
        NS_SCAN_SIMPLE(Py_UCS2, 4, 0xFF80FF80FF80FF80ULL);
    }
    else {
        const Py_UCS4 *p = (const Py_UCS4 *)data;
        for (; i < n; i++) {
            if (p[i] > 0xFFFF || !NS_SIMPLE(bits, p[i])) {
                bad = i;
                break;
            }
        }
    }
    PyBuffer_Release(&table);
    return PyLong_FromSsize_t(bad);
}

/* ---- a canonical's lines looked up by their code points (evidence.Profile) ---- */

/* A line of the canonical and its key; `hash` of the line's data (line_hash). */
typedef struct {
    uint64_t hash;
    PyObject *line, *key;
} line_slot_t;

typedef struct {
    size_t mask;
    line_slot_t *slots; /* line == NULL: free */
} line_table_t;

#define LINE_TABLE "newssift.dedup._native.line_table"

/* A hash of a str's code points as stored (a str's kind is the narrowest that holds it, so
 * equal strings have equal bytes): eight bytes a step, where Python's own hash (SipHash)
 * costs about one and a half instructions a byte on the paragraphs a line holds. */
static uint64_t
line_hash(PyObject *s)
{
    const unsigned char *p = PyUnicode_DATA(s);
    size_t n = (size_t)PyUnicode_GET_LENGTH(s) * (size_t)PyUnicode_KIND(s);
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
    }
    if (i < n) {
        uint64_t w = 0;
        memcpy(&w, p + i, n - i);
        h = (h ^ w) * 0x94D049BB133111EBULL;
    }
    return mix64(h);
}

static int
same_str(PyObject *a, PyObject *b)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(a);
    int kind = PyUnicode_KIND(a);
    return n == PyUnicode_GET_LENGTH(b) && kind == PyUnicode_KIND(b)
           && memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b), (size_t)n * (size_t)kind) == 0;
}

static void
line_table_free(PyObject *capsule)
{
    line_table_t *t = PyCapsule_GetPointer(capsule, LINE_TABLE);
    if (!t)
        return;
    for (size_t q = 0; q <= t->mask; q++) {
        Py_XDECREF(t->slots[q].line);
        Py_XDECREF(t->slots[q].key);
    }
    PyMem_Free(t->slots);
    PyMem_Free(t);
}

/* line_table(lines, keys) -> capsule: the line -> key lookup of a canonical, for
 * line_lookup: dict(zip(lines, keys)) (a line given twice keeps its last key; in a profile
 * a line's key depends on the line alone). */
static PyObject *
line_table(PyObject *self, PyObject *args)
{
    PyObject *lines, *keys;
    if (!PyArg_ParseTuple(args, "O!O!", &PyList_Type, &lines, &PyList_Type, &keys))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(lines);
    if (PyList_GET_SIZE(keys) != n) {
        PyErr_SetString(PyExc_ValueError, "lines and keys differ in length");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++)
        if (!PyUnicode_Check(PyList_GET_ITEM(lines, i))) {
            PyErr_SetString(PyExc_TypeError, "lines must be str");
            return NULL;
        }
    size_t size = 16;
    while (size < (size_t)n * 2)
        size <<= 1;
    line_table_t *t = PyMem_Malloc(sizeof(line_table_t));
    line_slot_t *slots = PyMem_Calloc(size, sizeof(line_slot_t));
    if (!t || !slots) {
        PyMem_Free(t);
        PyMem_Free(slots);
        return PyErr_NoMemory();
    }
    t->mask = size - 1;
    t->slots = slots;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *line = PyList_GET_ITEM(lines, i);
        uint64_t h = line_hash(line);
        size_t q = (size_t)h & t->mask;
        while (slots[q].line && !(slots[q].hash == h && same_str(slots[q].line, line)))
            q = (q + 1) & t->mask;
        if (slots[q].line) { /* a line given twice: its last key, as dict(zip(...)) keeps */
            Py_SETREF(slots[q].key, Py_NewRef(PyList_GET_ITEM(keys, i)));
            continue;
        }
        slots[q].hash = h;
        slots[q].line = Py_NewRef(line);
        slots[q].key = Py_NewRef(PyList_GET_ITEM(keys, i));
    }
    PyObject *cap = PyCapsule_New(t, LINE_TABLE, line_table_free);
    if (!cap) {
        for (size_t q = 0; q < size; q++) {
            Py_XDECREF(slots[q].line);
            Py_XDECREF(slots[q].key);
        }
        PyMem_Free(slots);
        PyMem_Free(t);
    }
    return cap;
}

/* line_lookup(table, lines) -> list: for each line (a str) its key in the table, or None:
 * [key_of.get(x) for x in lines] of the dict the table was built from. */
static PyObject *
line_lookup(PyObject *self, PyObject *args)
{
    PyObject *cap, *lines;
    if (!PyArg_ParseTuple(args, "OO!", &cap, &PyList_Type, &lines))
        return NULL;
    line_table_t *t = PyCapsule_GetPointer(cap, LINE_TABLE);
    if (!t)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(lines);
    PyObject *out = PyList_New(n);
    if (!out)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *line = PyList_GET_ITEM(lines, i);
        if (!PyUnicode_Check(line)) {
            Py_DECREF(out);
            PyErr_SetString(PyExc_TypeError, "lines must be str");
            return NULL;
        }
        uint64_t h = line_hash(line);
        size_t q = (size_t)h & t->mask;
        PyObject *key = Py_None;
        for (; t->slots[q].line; q = (q + 1) & t->mask)
            if (t->slots[q].hash == h && same_str(t->slots[q].line, line)) {
                key = t->slots[q].key;
                break;
            }
        PyList_SET_ITEM(out, i, Py_NewRef(key));
    }
    return out;
}

/* text_lines(text) -> list[str]: evidence._text_lines_py, [s for s in map(str.strip,
 * text.split("\n")) if s], in one pass: each line cut at '\n', its ends stripped of what
 * str.strip strips (Py_UNICODE_ISSPACE), kept when something is left. */
static PyObject *
text_lines(PyObject *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "text_lines expects a str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *out = PyList_New(0);
    if (!out)
        return NULL;
    Py_ssize_t i = 0;
    while (i <= n) {
        Py_ssize_t j = i;
        while (j < n && PyUnicode_READ(kind, data, j) != '\n')
            j++;
        Py_ssize_t a = i, b = j;
        while (a < b && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, a)))
            a++;
        while (b > a && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, b - 1)))
            b--;
        if (b > a) {
            PyObject *line = PyUnicode_Substring(text, a, b);
            if (!line || PyList_Append(out, line) < 0) {
                Py_XDECREF(line);
                Py_DECREF(out);
                return NULL;
            }
            Py_DECREF(line);
        }
        i = j + 1;
    }
    return out;
}

/* word_flags() -> bytes: for every code point (0..0x10FFFF) 1 if it is a word character
 * (IS_WORD: alphanumeric or '_', what the tokenisers cut words on), else 0; anchors._tables
 * puts it in the flags anchor_tokens reads as F_WORD, one load instead of a test and a
 * call of Py_UNICODE_ISALNUM for every code point past ASCII. */
static PyObject *
word_flags(PyObject *self, PyObject *unused)
{
    const Py_ssize_t N = 0x110000;
    PyObject *out = PyBytes_FromStringAndSize(NULL, N);
    if (!out)
        return NULL;
    char *w = PyBytes_AS_STRING(out);
    for (Py_ssize_t c = 0; c < N; c++)
        w[c] = IS_WORD((Py_UCS4)c) ? 1 : 0;
    return out;
}

/* json_str(s) -> str: json.encoder.encode_basestring(s) (what json.dumps writes for a str
 * with ensure_ascii=False): s in double quotes, with '"' and '\\' escaped by a backslash,
 * \b \f \n \r \t by their letters and the other code points below 0x20 as \u00xx; every
 * other code point as it is. The copy_of flags encode ~25 lines a copy; _json's encoder
 * reads each twice through a per-character switch, here a line without anything to escape
 * (nearly all) is one scan and one copy. */
static const char hexdigits[] = "0123456789abcdef";

static PyObject *
json_str(PyObject *self, PyObject *s)
{
    if (!PyUnicode_Check(s)) {
        PyErr_SetString(PyExc_TypeError, "json_str expects a str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(s), size = 2;
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r'
            || c == '\t')
            size += 2;
        else if (c < 0x20)
            size += 6;
        else
            size += 1;
    }
    PyObject *out = PyUnicode_New(size, PyUnicode_MAX_CHAR_VALUE(s));
    if (!out)
        return NULL;
    int okind = PyUnicode_KIND(out);
    void *odata = PyUnicode_DATA(out);
    Py_ssize_t o = 0;
    PyUnicode_WRITE(okind, odata, o++, '"');
    if (size == n + 2 && okind == kind) {
        memcpy((char *)odata + kind, data, (size_t)(n * kind));
        o += n;
    } else {
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            Py_UCS4 esc = c == '"' ? '"' : c == '\\' ? '\\' : c == '\b' ? 'b' : c == '\f' ? 'f'
                        : c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : 0;
            if (esc) {
                PyUnicode_WRITE(okind, odata, o++, '\\');
                PyUnicode_WRITE(okind, odata, o++, esc);
            } else if (c < 0x20) {
                PyUnicode_WRITE(okind, odata, o++, '\\');
                PyUnicode_WRITE(okind, odata, o++, 'u');
                PyUnicode_WRITE(okind, odata, o++, '0');
                PyUnicode_WRITE(okind, odata, o++, '0');
                PyUnicode_WRITE(okind, odata, o++, hexdigits[(c >> 4) & 0xf]);
                PyUnicode_WRITE(okind, odata, o++, hexdigits[c & 0xf]);
            } else {
                PyUnicode_WRITE(okind, odata, o++, c);
            }
        }
    }
    PyUnicode_WRITE(okind, odata, o++, '"');
    return out;
}

static PyMethodDef methods[] = {
    {"json_str", json_str, METH_O, "json.encoder.encode_basestring of a str."},
    {"word_flags", word_flags, METH_NOARGS, "1 for every word code point, else 0."},
    {"text_lines", text_lines, METH_O, "The stripped non-empty lines of a text."},
    {"line_table", line_table, METH_VARARGS, "A line -> key lookup for line_lookup."},
    {"line_lookup", line_lookup, METH_VARARGS, "The key of each line in a line_table, or None."},
    {"line_keys", line_keys, METH_O, "Words of every line joined by one space."},
    {"count_words", count_words, METH_O, "Number of space-separated words of line keys."},
    {"word_excess", word_excess, METH_VARARGS,
     "(words of d, words of e, sum of max(0, d[w] - e[w])) of two lists of line keys."},
    {"line_diff", line_diff, METH_VARARGS,
     "Added and dropped lines and the word excess of the lines two texts do not share."},
    {"word_hashes", word_hashes, METH_VARARGS, "Hashes of the words of NUL-joined texts."},
    {"folded_line_keys", folded_line_keys, METH_O, "line_keys of the case-folded text."},
    {"folded_word_hashes", folded_word_hashes, METH_VARARGS,
     "word_hashes of the case-folded text."},
    {"anchor_tokens", anchor_tokens, METH_VARARGS, "Anchor and content-word hashes."},
    {"word_anchor_tokens", word_anchor_tokens, METH_VARARGS,
     "folded_word_hashes and anchor_tokens of one text in one pass."},
    {"lcs_profile", lcs_profile, METH_VARARGS, "Common subsequence length per prefix."},
    {"lcs_pairs", lcs_pairs, METH_VARARGS, "One longest common subsequence's positions."},
    {"densify", densify, METH_VARARGS, "minhash.densify in place."},
    {"sequence_keys", sequence_keys, METH_VARARGS, "The key of each document's word sequence."},
    {"fold_sequences", fold_sequences, METH_VARARGS, "Anchor sequences folded to 32 bits."},
    {"char_tables", char_tables, METH_NOARGS,
     "Lower-case code point, is upper-case and is a digit, per code point."},
    {"shingle_minhash", shingle_minhash, METH_VARARGS,
     "One-permutation MinHash of word shingles, before densification."},
    {"nfkc_simple", nfkc_simple, METH_VARARGS,
     "Index of the first code point from start not set in the table, or -1."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_native", "Compiled inner loops of newssift.dedup.", -1, methods,
};

PyMODINIT_FUNC
PyInit__native(void)
{
    PyObject *m = PyModule_Create(&module);
    /* word_hashes, folded_word_hashes, anchor_tokens and word_anchor_tokens give None when
     * the joined text held another number of documents than ndocs (a NUL inside a text) */
    if (m && PyModule_AddIntConstant(m, "COUNTS_DOCUMENTS", 1) < 0)
        Py_CLEAR(m);
    return m;
}
