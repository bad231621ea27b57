# Foreign layouts the compiled extraction kernels rely on, declared once.
#
# cimported by ``_walk.pyx`` (the DOM walk) and ``_metak.pyx`` (the metadata selectors), which read
# a parsed page through C pointers instead of selectolax's Python API. Two foreign layouts:
#
# 1. Lexbor 2.x structs, as bundled in selectolax (read only; only fields, no Lexbor function is
#    called: Lexbor is linked into selectolax's library, not ours): ``lexbor_hash_entry_t``
#    (core/hash.h), ``lexbor_str_t`` (core/str.h), ``lxb_dom_node_t`` (dom/interfaces/node.h, built
#    without LXB_DOM_NODE_USER_VARIABLES), the leading fields of ``lxb_dom_element_t``
#    (dom/interfaces/element.h), ``lxb_dom_attr_t`` (dom/interfaces/attr.h) and
#    ``lxb_dom_character_data_t`` (dom/interfaces/character_data.h). A custom tag / attribute id is a
#    pointer to ``lxb_tag_data_t`` / ``lxb_dom_attr_data_t``, whose first member is the hash entry.
# 2. selectolax's ``LexborNode`` extension-type object (selectolax/lexbor.pxd: ``node``, ``parser``,
#    ``_is_fragment_root``, ``_is_template_content`` after the vtable pointer): ``_metak._make``
#    fills a fresh ``LexborNode.__new__`` object through it, as ``LexborNode.new`` does.
#
# Validated on selectolax 1.0.2 only (checked field by field against its bundled Lexbor headers
# and lexbor.pxd): :func:`version_validated` accepts ``>= 1.0.2, < 1.0.3``. Each kernel also checks
# the layout on probe pages against the public API at first use and otherwise falls back to the
# pure-Python path. Another version: check the headers again, then widen validated_range() here and
# rebuild both kernels (``cythonize -i src/warta/extract/_walk.pyx src/warta/extract/_metak.pyx``).

from cpython.object cimport PyObject
from libc.stdint cimport uintptr_t

cdef union _HashStr:
    unsigned char *long_str
    unsigned char short_str[17]

cdef struct _HashEntry:  # lexbor_hash_entry_t: a name, inline up to 16 bytes
    _HashStr u
    size_t length
    void *next

cdef struct _Str:  # lexbor_str_t
    unsigned char *data
    size_t length

cdef struct _Node
cdef struct _Attr

cdef struct _Node:  # lxb_dom_node_t
    void *events  # lxb_dom_event_target_t event_target (one pointer)
    uintptr_t local_name
    uintptr_t prefix
    uintptr_t ns
    void *owner_document
    _Node *next
    _Node *prev
    _Node *parent
    _Node *first_child
    _Node *last_child
    void *user
    int type  # lxb_dom_node_type_t

cdef struct _Element:  # lxb_dom_element_t (leading fields)
    _Node node
    uintptr_t upper_name
    uintptr_t qualified_name
    _Str *is_value
    _Attr *first_attr

cdef struct _Attr:  # lxb_dom_attr_t
    _Node node
    uintptr_t upper_name
    uintptr_t qualified_name
    _Str *value
    void *owner
    _Attr *next
    _Attr *prev

cdef struct _CharData:  # lxb_dom_character_data_t
    _Node node
    _Str data

cdef extern from *:
    """
    typedef struct { PyObject_HEAD void *vtab; void *node; PyObject *parser; int fragment_root; int template_content; }
        warta_lxb_node_obj;  /* selectolax.lexbor.LexborNode */
    """
    ctypedef struct warta_lxb_node_obj:
        void *node
        PyObject *parser
        int fragment_root
        int template_content

cdef enum:
    _SHORT = 16  # LEXBOR_HASH_SHORT_SIZE
    _NSTD = 1024  # tag / attribute ids below this are Lexbor's static ids (its tables end near 200)
    _PTR_MIN = 65536  # ids at or above this are pointers to name data (custom names)
    _T_ELEMENT = 1  # LXB_DOM_NODE_TYPE_ELEMENT
    _T_TEXT = 3  # LXB_DOM_NODE_TYPE_TEXT
    _T_DOCUMENT = 9  # LXB_DOM_NODE_TYPE_DOCUMENT


cdef inline const unsigned char *_entry_str(_HashEntry *e) noexcept:
    """The bytes of a hash entry's name (``e.length`` of them)."""
    if e.length <= _SHORT:
        return e.u.short_str
    return e.u.long_str


cdef inline tuple validated_range():
    """selectolax versions whose layouts the kernels were checked on: ``>= [0]`` and ``< [1]``."""
    return ((1, 0, 2), (1, 0, 3))


cdef inline bint version_validated(str version):
    """Whether selectolax ``version`` (its ``__version__``) is in :func:`validated_range`.

    The first three dot-separated parts that are all digits are compared (``"1.0.2"`` -> (1, 0, 2);
    ``"1.0.3rc1"`` -> (1, 0), refused).
    """
    cdef list parts = []
    cdef tuple r = validated_range()
    for x in version.split(".")[:3]:
        if x.isdigit():
            parts.append(int(x))
    return r[0] <= tuple(parts) < r[1]
