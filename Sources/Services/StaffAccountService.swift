import Domain
import Foundation
import Persistence

/// Creating staff accounts. Today: the bootstrap path of `liaison create-user`,
/// which runs without an acting user and is audited as `system`.
public struct StaffAccountService: Sendable {
    private let database: Database
    private let hasher: PasswordHasher
    private let policy: AuthPolicy
    private let now: @Sendable () -> Date

    public init(database: Database, hasher: PasswordHasher, policy: AuthPolicy = AuthPolicy(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.hasher = hasher
        self.policy = policy
        self.now = now
    }

    public struct NewAccount: Sendable {
        public var username: String
        public var displayName: String?
        public var password: String
        public var roles: Set<Role>
        /// Codes of the offices the user belongs to (office roles need at least one).
        public var officeCodes: [String]
        /// Code of the HQ department, if any.
        public var departmentCode: String?

        public init(username: String, displayName: String? = nil, password: String, roles: Set<Role>, officeCodes: [String] = [], departmentCode: String? = nil) {
            self.username = username
            self.displayName = displayName
            self.password = password
            self.roles = roles
            self.officeCodes = officeCodes
            self.departmentCode = departmentCode
        }
    }

    /// Creates an account from the command line (no acting user; audited as `system`).
    public func createFromCommandLine(_ account: NewAccount) async throws -> StaffUser {
        let username = account.username.trimmingCharacters(in: .whitespaces).lowercased()
        var issues: [FieldIssue] = []
        if username.range(of: #"^[a-z0-9][a-z0-9._-]{2,63}$"#, options: .regularExpression) == nil {
            issues.append(FieldIssue("username", "must be 3-64 characters: lowercase letters, digits, '.', '_' or '-'"))
        }
        issues += policy.issues(withNewPassword: account.password, field: "password", username: username)
        if account.roles.isEmpty { issues.append(FieldIssue("role", "at least one role is required")) }
        if account.roles.contains(where: { !$0.actsAcrossOffices }), account.officeCodes.isEmpty {
            issues.append(FieldIssue("office", "office roles need at least one office"))
        }
        let displayName = account.displayName?.trimmingCharacters(in: .whitespaces) ?? username
        if displayName.isEmpty { issues.append(FieldIssue("displayName", "must not be empty")) }
        guard issues.isEmpty else { throw ServiceError.validation(issues) }

        let passwordHash = try await hasher.hash(account.password)
        let at = now()
        do {
            return try await database.withTransaction { tx in
                var officeIDs: Set<Int64> = []
                var unknown: [FieldIssue] = []
                for code in account.officeCodes {
                    if let id = try await StaffUserRepository.officeID(code: code, in: tx) { officeIDs.insert(id) }
                    else { unknown.append(FieldIssue("office", "no office has the code \(code)")) }
                }
                var departmentID: Int64?
                if let code = account.departmentCode {
                    departmentID = try await StaffUserRepository.departmentID(code: code, in: tx)
                    if departmentID == nil { unknown.append(FieldIssue("department", "no department has the code \(code)")) }
                }
                guard unknown.isEmpty else { throw ServiceError.validation(unknown) }
                let user = try await StaffUserRepository.insert(
                    username: username, displayName: displayName, passwordHash: passwordHash, departmentID: departmentID,
                    roles: account.roles, officeIDs: officeIDs, at: at, in: tx)
                try await AuditRepository.record(
                    AuditEntry(action: "staff_user.create", entityType: "staff_user", entityID: String(user.id), changes: [
                        "username": .init(before: nil, after: username),
                        "roles": .init(before: nil, after: account.roles.map(\.rawValue).sorted().joined(separator: ",")),
                    ]),
                    actorUserID: nil, actorUsername: "system", requestID: nil, at: at, in: tx)
                return user
            }
        } catch let error as PersistenceError where error.kind == .uniqueViolation {
            throw ServiceError.conflict(field: "username", message: "the username \(username) is taken")
        } catch {
            throw ServiceError.translating(error)
        }
    }
}
