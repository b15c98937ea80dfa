/* Compiled inner loops of newssift.dedup: the same results as their Python twins.
 *
 * evidence._line_keys_py / evidence._word_excess_py are the reference of line_keys /
 * word_excess (tests/dedup/test_native.py checks both on real and adversarial texts).
 * A word character is what Python's re calls \w in a str pattern and what the Python
 * code tests with str.isalnum: Py_UNICODE_ISALNUM(ch) or '_'. Words are compared by their
 * code points, never by a hash alone, so the counts are exact.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define IS_WORD(ch) ((ch) == '_' || Py_UNICODE_ISALNUM(ch))

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
            if (IS_WORD(ch)) {
                if (!in_word && len)
                    buf[len++] = ' ';
                buf[len++] = ch;
                if (ch > maxch)
                    maxch = ch;
                in_word = 1;
            } else {
                in_word = 0;
            }
        }
        PyObject *key;
        if (maxch < 0x80) { /* the common case: build the ASCII str directly */
            key = PyUnicode_New(len, 0x7f);
            if (key) {
                Py_UCS1 *dst = PyUnicode_1BYTE_DATA(key);
                for (Py_ssize_t k = 0; k < len; k++)
                    dst[k] = (Py_UCS1)buf[k];
            }
        } else {
            key = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, len);
        }
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

/* A word: a slice of one of the key strings. */
typedef struct {
    uint64_t hash;
    const void *data;
    Py_ssize_t start, len;
    int kind;
    Py_ssize_t count[2];
    int used;
} slot_t;

typedef struct {
    slot_t *slots;
    size_t mask;
} table_t;

static int
same_word(const slot_t *s, int kind, const void *data, Py_ssize_t start, Py_ssize_t len)
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

static void
add_word(table_t *t, int side, int kind, const void *data, Py_ssize_t start, Py_ssize_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (Py_ssize_t k = 0; k < len; k++) {
        h ^= (uint64_t)PyUnicode_READ(kind, data, start + k);
        h *= 0x100000001b3ULL;
    }
    h ^= h >> 29;
    size_t at = (size_t)h & t->mask;
    for (;;) {
        slot_t *s = &t->slots[at];
        if (!s->used) {
            s->used = 1;
            s->hash = h;
            s->data = data;
            s->kind = kind;
            s->start = start;
            s->len = len;
            s->count[side] = 1;
            return;
        }
        if (s->hash == h && same_word(s, kind, data, start, len)) {
            s->count[side]++;
            return;
        }
        at = (at + 1) & t->mask;
    }
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

static void
fill(table_t *t, int side, PyObject *keys)
{
    Py_ssize_t n = PyList_GET_SIZE(keys);
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *k = PyList_GET_ITEM(keys, j);
        Py_ssize_t len = PyUnicode_GET_LENGTH(k);
        int kind = PyUnicode_KIND(k);
        const void *data = PyUnicode_DATA(k);
        Py_ssize_t i = 0;
        while (i < len) {
            while (i < len && PyUnicode_READ(kind, data, i) == ' ')
                i++;
            Py_ssize_t s = i;
            while (i < len && PyUnicode_READ(kind, data, i) != ' ')
                i++;
            if (i > s)
                add_word(t, side, kind, data, s, i - s);
        }
    }
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
    Py_ssize_t nd = 0, ne = 0;
    if (count_in(d, &nd) < 0 || count_in(e, &ne) < 0)
        return NULL;
    Py_ssize_t excess = 0;
    if (nd > 0) {
        size_t size = 16;
        while (size < (size_t)(nd + ne) * 2)
            size <<= 1;
        table_t t;
        t.slots = PyMem_Calloc(size, sizeof(slot_t));
        if (!t.slots)
            return PyErr_NoMemory();
        t.mask = size - 1;
        fill(&t, 0, d);
        fill(&t, 1, e);
        for (size_t k = 0; k < size; k++) {
            slot_t *s = &t.slots[k];
            if (s->used && s->count[0] > s->count[1])
                excess += s->count[0] - s->count[1];
        }
        PyMem_Free(t.slots);
    }
    return Py_BuildValue("nnn", nd, ne, excess);
}

static PyMethodDef methods[] = {
    {"line_keys", line_keys, METH_O, "Words of every line joined by one space."},
    {"count_words", count_words, METH_O, "Number of space-separated words of line keys."},
    {"word_excess", word_excess, METH_VARARGS,
     "(words of d, words of e, sum of max(0, d[w] - e[w])) of two lists of line keys."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_native", "Compiled inner loops of newssift.dedup.", -1, methods,
};

PyMODINIT_FUNC
PyInit__native(void)
{
    return PyModule_Create(&module);
}
