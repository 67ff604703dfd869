extension Expr {
    /// Structural equality with a work list instead of recursion: the derived `==` recursed
    /// once per operator and overflowed a 512 KB thread stack on a 1,000-operator chain.
    public static func == (lhs: Expr, rhs: Expr) -> Bool {
        var pending: [(Expr, Expr)] = [(lhs, rhs)]
        func pairs(_ a: [Expr], _ b: [Expr]) -> Bool {
            guard a.count == b.count else { return false }
            pending.append(contentsOf: zip(a, b))
            return true
        }
        while let (a, b) = pending.popLast() {
            switch (a, b) {
            case (.number(let x), .number(let y)): guard x == y else { return false }
            case (.string(let x), .string(let y)): guard x == y else { return false }
            case (.bool(let x), .bool(let y)): guard x == y else { return false }
            case (.path(let x), .path(let y)):
                guard x.count == y.count else { return false }
                for (p, q) in zip(x, y) {
                    switch (p, q) {
                    case (.name(let m), .name(let n)): guard m == n else { return false }
                    case (.index(let e), .index(let f)): pending.append((e, f))
                    default: return false
                    }
                }
            case (.unary(let o, let x), .unary(let p, let y)):
                guard o == p else { return false }
                pending.append((x, y))
            case (.binary(let o, let l, let r), .binary(let p, let m, let s)):
                guard o == p else { return false }
                pending.append((r, s))
                pending.append((l, m))
            case (.call(let m, let x), .call(let n, let y)):
                guard m == n, pairs(x, y) else { return false }
            case (.filter(let e, let m, let x), .filter(let f, let n, let y)):
                guard m == n, pairs(x, y) else { return false }
                pending.append((e, f))
            case (.list(let x), .list(let y)):
                guard pairs(x, y) else { return false }
            default:
                return false
            }
        }
        return true
    }
}
