#!/usr/bin/env python3
"""Where every byte of a .tflite file goes.

Usage:
    python3 Benchmarks/tflite_bytes.py MODEL.tflite [MODEL2.tflite ...]

Walks the FlatBuffer from the root (schema fields used by labrun and TensorFlow's converter)
and gives each byte one category: constant data, quantization vectors and tables, graph
structure, names, vtables; bytes nothing refers to are padding. An object several offsets
point to (labrun writes identical vectors, tables and vtables once) is counted once.
Pure Python, no dependencies.
"""
import struct
import sys
from collections import defaultdict

# table -> {field id: (field, kind, child table)}; kinds: table, tables, string, vec<element size>
SCHEMA = {
    "Model": {1: ("operator_codes", "tables", "OperatorCode"), 2: ("subgraphs", "tables", "SubGraph"),
              3: ("description", "string", None), 4: ("buffers", "tables", "Buffer"),
              6: ("metadata", "tables", "Metadata"), 7: ("signature_defs", "tables", "SignatureDef")},
    "OperatorCode": {1: ("custom_code", "string", None)},
    "SubGraph": {0: ("tensors", "tables", "Tensor"), 1: ("inputs", "vec4", None), 2: ("outputs", "vec4", None),
                 3: ("operators", "tables", "Operator"), 4: ("name", "string", None)},
    "Tensor": {0: ("shape", "vec4", None), 3: ("name", "string", None),
               4: ("quantization", "table", "QuantizationParameters"), 7: ("shape_signature", "vec4", None)},
    "QuantizationParameters": {0: ("min", "vec4", None), 1: ("max", "vec4", None),
                               2: ("scale", "vec4", None), 3: ("zero_point", "vec8", None)},
    "Buffer": {0: ("data", "vec1", None)},
    "Operator": {1: ("inputs", "vec4", None), 2: ("outputs", "vec4", None),
                 4: ("builtin_options", "table", "Options"), 8: ("intermediates", "vec4", None)},
    "ReshapeOptions": {0: ("new_shape", "vec4", None)},
    "Options": {},
    "Metadata": {0: ("name", "string", None)},
    "SignatureDef": {0: ("inputs", "tables", "TensorMap"), 1: ("outputs", "tables", "TensorMap"),
                     2: ("signature_key", "string", None)},
    "TensorMap": {0: ("name", "string", None)},
}

GROUPS = [
    ("constant data", lambda c: c == "Buffer.data"),
    ("quantization: scale vectors", lambda c: c == "QuantizationParameters.scale"),
    ("quantization: zero-point vectors", lambda c: c == "QuantizationParameters.zero_point"),
    ("quantization: min/max vectors", lambda c: c in ("QuantizationParameters.min", "QuantizationParameters.max")),
    ("quantization: tables", lambda c: c == "table QuantizationParameters"),
    ("names and strings", lambda c: c.startswith("string")),
    ("tensors: tables", lambda c: c == "table Tensor"),
    ("tensors: shapes", lambda c: c in ("Tensor.shape", "Tensor.shape_signature")),
    ("operators: tables and options", lambda c: c in ("table Operator", "table Options", "table ReshapeOptions", "ReshapeOptions.new_shape")),
    ("operators: input/output lists", lambda c: c in ("Operator.inputs", "Operator.outputs", "Operator.intermediates", "SubGraph.inputs", "SubGraph.outputs")),
    ("operator codes", lambda c: c in ("table OperatorCode", "vector Model.operator_codes")),
    ("buffers: tables, vector, data counts", lambda c: c in ("table Buffer", "vector Model.buffers", "Buffer.data count")),
    ("vtables", lambda c: c == "vtable"),
    ("model, subgraph, header, vectors of tables", lambda c: True),
]


def account(data):
    owner = [None] * len(data)

    def mark(start, length, category):
        for i in range(start, min(start + length, len(data))):
            if owner[i] is None:
                owner[i] = category

    u16 = lambda p: struct.unpack_from("<H", data, p)[0]
    u32 = lambda p: struct.unpack_from("<I", data, p)[0]
    i32 = lambda p: struct.unpack_from("<i", data, p)[0]
    mark(0, 8, "header")

    def table(position, kind, union_type=None):
        if kind == "Options" and union_type == 17:
            kind = "ReshapeOptions"
        vtable = position - i32(position)
        vtable_size, table_size = u16(vtable), u16(vtable + 2)
        mark(vtable, vtable_size, "vtable")
        mark(position, table_size, f"table {kind}")
        offsets = {k: u16(vtable + 4 + 2 * k) for k in range((vtable_size - 4) // 2)}
        for k, (field, fkind, child) in SCHEMA.get(kind, {}).items():
            if not offsets.get(k):
                continue
            slot = position + offsets[k]
            target = slot + u32(slot)
            if fkind == "table":
                utype = data[position + offsets[3]] if kind == "Operator" and offsets.get(3) else None
                table(target, child, utype)
            elif fkind == "tables":
                count = u32(target)
                mark(target, 4 + 4 * count, f"vector {kind}.{field}")
                for i in range(count):
                    element = target + 4 + 4 * i
                    table(element + u32(element), child)
            elif fkind == "string":
                mark(target, 4 + u32(target) + 1, f"string {kind}.{field}")
            else:
                size = int(fkind[3:])
                count = u32(target)
                mark(target, 4, f"{kind}.{field} count" if field == "data" else f"{kind}.{field}")
                mark(target + 4, count * size, f"{kind}.{field}")

    table(u32(0), "Model")
    totals = defaultdict(int)
    for category in owner:
        totals[category or "padding"] += 1
    return totals


def main(paths):
    for path in paths:
        data = open(path, "rb").read()
        totals = account(data)
        grouped = defaultdict(int)
        for category, n in totals.items():
            name = "padding (alignment)" if category == "padding" else next(g for g, match in GROUPS if match(category))
            grouped[name] += n
        print(f"{path}: {len(data):,} bytes")
        for name, n in sorted(grouped.items(), key=lambda kv: -kv[1]):
            print(f"  {n:8,}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
