/* The Thrift compact-protocol codec of io/part_rewrite_splice.py, compiled.
 *
 * Why: a part's rewrite (dedup's fields, the run's unique ids) decodes two Parquet
 * footers and encodes one; in Python that was about 5 ms a part, thousands of small
 * fields each through a few method calls. These two functions build (and read) exactly
 * the nested lists of the Python codec (``_Reader`` / ``_Writer``, the twin):
 *
 *   decode(buf) -> [[field id, type, value], ...]   (a list value is (elem type, [values]))
 *   encode(fields) -> bytes
 *
 * They handle what a well-formed footer holds. Anything else (a cut or damaged footer,
 * a varint past 64 bits, nesting deeper than MAX_DEPTH, an unknown type, an object of an
 * unexpected kind to encode) raises ValueError here, and the caller then runs the Python
 * twin on the same input: it gives the result, or the error, the Python codec gives.
 * tests/io/test_thrift_codec.py holds the two equal.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

enum { T_TRUE = 1, T_FALSE, T_BYTE, T_I16, T_I32, T_I64, T_DOUBLE, T_BINARY, T_LIST, T_SET,
       T_MAP, T_STRUCT };

#define MAX_DEPTH 64

typedef struct {
    const unsigned char *buf;
    Py_ssize_t len, pos;
} Reader;

static PyObject *unhandled(void)
{
    PyErr_SetString(PyExc_ValueError, "thrift: not handled by the compiled codec");
    return NULL;
}

static int read_varint(Reader *r, uint64_t *out)
{
    uint64_t v = 0;
    int shift = 0;
    for (;;) {
        if (r->pos >= r->len)
            return -1;
        unsigned b = r->buf[r->pos++];
        uint64_t bits = b & 0x7F;
        if (shift > 63 || (shift == 63 && bits > 1))
            return -1;
        v |= bits << shift;
        if (b < 0x80)
            break;
        shift += 7;
    }
    *out = v;
    return 0;
}

static int read_zigzag(Reader *r, int64_t *out)
{
    uint64_t n;
    if (read_varint(r, &n) < 0)
        return -1;
    *out = (int64_t)((n >> 1) ^ (~(n & 1) + 1));
    return 0;
}

static PyObject *read_struct(Reader *r, int depth);

static PyObject *read_value(Reader *r, int kind, int depth)
{
    switch (kind) {
    case T_BYTE: {
        if (r->pos >= r->len)
            return unhandled();
        int b = r->buf[r->pos++];
        return PyLong_FromLong(b > 127 ? b - 256 : b);
    }
    case T_I16: case T_I32: case T_I64: {
        int64_t v;
        if (read_zigzag(r, &v) < 0)
            return unhandled();
        return PyLong_FromLongLong(v);
    }
    case T_BINARY: {
        uint64_t n;
        if (read_varint(r, &n) < 0 || n > (uint64_t)(r->len - r->pos))
            return unhandled();
        PyObject *out = PyBytes_FromStringAndSize((const char *)r->buf + r->pos, (Py_ssize_t)n);
        r->pos += (Py_ssize_t)n;
        return out;
    }
    case T_STRUCT:
        return read_struct(r, depth + 1);
    case T_LIST: case T_SET: {
        if (depth >= MAX_DEPTH || r->pos >= r->len)
            return unhandled();
        unsigned head = r->buf[r->pos++];
        uint64_t size = head >> 4;
        int elem = head & 0x0F;
        if (size == 15 && read_varint(r, &size) < 0)
            return unhandled();
        if (elem == T_TRUE || elem == T_FALSE) {
            if (size > (uint64_t)(r->len - r->pos))
                return unhandled();
        } else if (size > (uint64_t)(r->len - r->pos)) {
            return unhandled();  /* every other element takes a byte at least */
        }
        PyObject *items = PyList_New((Py_ssize_t)size);
        if (items == NULL)
            return NULL;
        for (Py_ssize_t i = 0; i < (Py_ssize_t)size; i++) {
            PyObject *v;
            if (elem == T_TRUE || elem == T_FALSE) {
                v = r->buf[r->pos++] == T_TRUE ? Py_True : Py_False;
                Py_INCREF(v);
            } else {
                v = read_value(r, elem, depth + 1);
                if (v == NULL) {
                    Py_DECREF(items);
                    return NULL;
                }
            }
            PyList_SET_ITEM(items, i, v);
        }
        PyObject *out = Py_BuildValue("(iN)", elem, items);
        return out;
    }
    case T_DOUBLE: {
        if (r->len - r->pos < 8)
            return unhandled();
        double d = PyFloat_Unpack8((const char *)r->buf + r->pos, 1);
        if (d == -1.0 && PyErr_Occurred())
            return NULL;
        r->pos += 8;
        return PyFloat_FromDouble(d);
    }
    default:
        return unhandled();
    }
}

static PyObject *read_struct(Reader *r, int depth)
{
    if (depth >= MAX_DEPTH)
        return unhandled();
    PyObject *fields = PyList_New(0);
    if (fields == NULL)
        return NULL;
    int64_t last = 0;
    for (;;) {
        if (r->pos >= r->len)
            goto fail_unhandled;
        unsigned head = r->buf[r->pos++];
        if (head == 0)
            return fields;
        int delta = head >> 4, kind = head & 0x0F;
        int64_t fid;
        if (delta) {
            fid = last + delta;
        } else if (read_zigzag(r, &fid) < 0) {
            goto fail_unhandled;
        }
        if (fid > ((int64_t)1 << 40) || fid < -((int64_t)1 << 40))
            goto fail_unhandled;  /* keeps last + delta inside int64 */
        PyObject *v;
        if (kind == T_TRUE || kind == T_FALSE) {
            v = kind == T_TRUE ? Py_True : Py_False;
            Py_INCREF(v);
        } else {
            v = read_value(r, kind, depth);
            if (v == NULL)
                goto fail;
        }
        PyObject *field = PyList_New(3);
        if (field == NULL) {
            Py_DECREF(v);
            goto fail;
        }
        PyObject *f = PyLong_FromLongLong(fid), *k = PyLong_FromLong(kind);
        if (f == NULL || k == NULL) {
            Py_XDECREF(f);
            Py_XDECREF(k);
            Py_DECREF(v);
            Py_DECREF(field);
            goto fail;
        }
        PyList_SET_ITEM(field, 0, f);
        PyList_SET_ITEM(field, 1, k);
        PyList_SET_ITEM(field, 2, v);
        int rc = PyList_Append(fields, field);
        Py_DECREF(field);
        if (rc < 0)
            goto fail;
        last = fid;
    }
fail_unhandled:
    Py_DECREF(fields);
    return unhandled();
fail:
    Py_DECREF(fields);
    return NULL;
}

static PyObject *thrift_decode(PyObject *self, PyObject *arg)
{
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    Reader r = {(const unsigned char *)view.buf, view.len, 0};
    PyObject *out = read_struct(&r, 0);
    PyBuffer_Release(&view);
    return out;
}

/* ---- encoding ---- */

typedef struct {
    unsigned char *buf;
    Py_ssize_t len, cap;
} Writer;

static int put(Writer *w, const void *src, Py_ssize_t n)
{
    if (w->len + n > w->cap) {
        Py_ssize_t cap = w->cap ? w->cap : 4096;
        while (cap < w->len + n)
            cap *= 2;
        unsigned char *b = PyMem_Realloc(w->buf, (size_t)cap);
        if (b == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        w->buf = b;
        w->cap = cap;
    }
    memcpy(w->buf + w->len, src, (size_t)n);
    w->len += n;
    return 0;
}

static int put_byte(Writer *w, unsigned b)
{
    unsigned char c = (unsigned char)b;
    return put(w, &c, 1);
}

static int put_varint(Writer *w, uint64_t n)
{
    unsigned char tmp[10];
    int k = 0;
    while (n > 0x7F) {
        tmp[k++] = (unsigned char)((n & 0x7F) | 0x80);
        n >>= 7;
    }
    tmp[k++] = (unsigned char)n;
    return put(w, tmp, k);
}

static int put_zigzag(Writer *w, int64_t v)
{
    return put_varint(w, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

/* An int of a field (the id, the type, an integer value); -1 with ValueError when it is
 * not a plain int in [lo, hi] (the Python twin then decides). */
static int as_int(PyObject *o, int64_t lo, int64_t hi, int64_t *out)
{
    if (!PyLong_CheckExact(o) && !PyBool_Check(o)) {
        unhandled();
        return -1;
    }
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow || (v == -1 && PyErr_Occurred()) || v < lo || v > hi) {
        PyErr_Clear();
        unhandled();
        return -1;
    }
    *out = v;
    return 0;
}

static int write_struct(Writer *w, PyObject *fields, int depth);

#define I64_HALF ((int64_t)1 << 62)

static int write_value(Writer *w, int kind, PyObject *v, int depth)
{
    int64_t n;
    switch (kind) {
    case T_BYTE:
        if (as_int(v, INT64_MIN, INT64_MAX, &n) < 0)
            return -1;
        return put_byte(w, (unsigned)(n & 0xFF));
    case T_I16: case T_I32: case T_I64:
        if (as_int(v, -I64_HALF, I64_HALF - 1, &n) < 0)
            return -1;
        return put_zigzag(w, n);
    case T_BINARY: {
        if (!PyBytes_CheckExact(v)) {
            unhandled();
            return -1;
        }
        Py_ssize_t len = PyBytes_GET_SIZE(v);
        if (put_varint(w, (uint64_t)len) < 0)
            return -1;
        return put(w, PyBytes_AS_STRING(v), len);
    }
    case T_STRUCT:
        return write_struct(w, v, depth + 1);
    case T_LIST: case T_SET: {
        if (depth >= MAX_DEPTH || !PyTuple_CheckExact(v) || PyTuple_GET_SIZE(v) != 2
                || !PyList_CheckExact(PyTuple_GET_ITEM(v, 1))) {
            unhandled();
            return -1;
        }
        int64_t elem;
        if (as_int(PyTuple_GET_ITEM(v, 0), 0, 15, &elem) < 0)
            return -1;
        PyObject *items = PyTuple_GET_ITEM(v, 1);
        Py_ssize_t size = PyList_GET_SIZE(items);
        if (size < 15) {
            if (put_byte(w, (unsigned)(size << 4 | elem)) < 0)
                return -1;
        } else if (put_byte(w, (unsigned)(0xF0 | elem)) < 0 || put_varint(w, (uint64_t)size) < 0) {
            return -1;
        }
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(items); i++) {
            PyObject *item = PyList_GET_ITEM(items, i);
            if (elem == T_TRUE || elem == T_FALSE) {
                int t = PyObject_IsTrue(item);
                if (t < 0 || put_byte(w, t ? T_TRUE : T_FALSE) < 0)
                    return -1;
            } else if (write_value(w, (int)elem, item, depth + 1) < 0) {
                return -1;
            }
        }
        return 0;
    }
    case T_DOUBLE: {
        if (!PyFloat_CheckExact(v)) {
            unhandled();
            return -1;
        }
        char tmp[8];
        if (PyFloat_Pack8(PyFloat_AS_DOUBLE(v), tmp, 1) < 0)
            return -1;
        return put(w, tmp, 8);
    }
    default:
        unhandled();
        return -1;
    }
}

static int write_struct(Writer *w, PyObject *fields, int depth)
{
    if (depth >= MAX_DEPTH || !PyList_CheckExact(fields)) {
        unhandled();
        return -1;
    }
    int64_t last = 0;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(fields); i++) {
        PyObject *f = PyList_GET_ITEM(fields, i);
        if (!PyList_CheckExact(f) || PyList_GET_SIZE(f) != 3) {
            unhandled();
            return -1;
        }
        int64_t fid, kind;
        if (as_int(PyList_GET_ITEM(f, 0), -((int64_t)1 << 40), (int64_t)1 << 40, &fid) < 0
                || as_int(PyList_GET_ITEM(f, 1), 0, 15, &kind) < 0)
            return -1;
        PyObject *v = PyList_GET_ITEM(f, 2);
        int boolean = kind == T_TRUE || kind == T_FALSE;
        if (boolean) {
            int t = PyObject_IsTrue(v);
            if (t < 0)
                return -1;
            kind = t ? T_TRUE : T_FALSE;
        }
        if (0 < fid - last && fid - last <= 15) {
            if (put_byte(w, (unsigned)((fid - last) << 4 | kind)) < 0)
                return -1;
        } else if (put_byte(w, (unsigned)kind) < 0 || put_zigzag(w, fid) < 0) {
            return -1;
        }
        if (!boolean && write_value(w, (int)kind, v, depth) < 0)
            return -1;
        last = fid;
    }
    return put_byte(w, 0);
}

static PyObject *thrift_encode(PyObject *self, PyObject *fields)
{
    Writer w = {NULL, 0, 0};
    PyObject *out = NULL;
    if (write_struct(&w, fields, 0) == 0)
        out = PyBytes_FromStringAndSize((const char *)w.buf, w.len);
    PyMem_Free(w.buf);
    return out;
}

static PyMethodDef methods[] = {
    {"decode", thrift_decode, METH_O,
     "One compact-protocol struct as nested field lists (ValueError: use the Python twin)."},
    {"encode", thrift_encode, METH_O,
     "The bytes of a struct decode read (ValueError: use the Python twin)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_thrift", NULL, -1, methods};

PyMODINIT_FUNC PyInit__thrift(void)
{
    return PyModule_Create(&module);
}
