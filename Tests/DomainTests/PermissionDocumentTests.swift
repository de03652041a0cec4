import Domain
import Foundation
import Testing

/// docs/permissions.md documents the matrix; this keeps the two equal.
@Suite("docs/permissions.md equals PermissionMatrix (ORG-5, ORG-6)")
struct PermissionDocumentTests {
    @Test("every cell of the documented table equals the matrix, and every action and role is in it")
    func documentMatchesCode() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/permissions.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| ") }.map { line in
            line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let header = try #require(rows.first)
        let roles = header.dropFirst(2).map { Role(rawValue: $0) }
        #expect(roles.compactMap { $0 } == Role.allCases)
        var documented: Set<Action> = []
        for cells in rows.dropFirst() {
            let action = try #require(Action(rawValue: cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))), "\(cells[0])")
            documented.insert(action)
            for (role, cell) in zip(Role.allCases, cells.dropFirst(2)) {
                let expected = switch PermissionMatrix.scope(of: [role], for: action) {
                case .allOffices: "all"
                case .ownOffices: "own"
                case nil: "—"
                }
                #expect(cell == expected, "\(action.rawValue) × \(role.rawValue)")
            }
        }
        #expect(documented == Set(Action.allCases))
    }
}
