import Foundation

/// A developer (发展商, ORG-4): company-wide, with named contacts, linked to the estates it built.
public struct Developer: Sendable, Hashable {
    public struct Contact: Sendable, Hashable {
        public let name: String
        public let title: String
        public let phone: String
        public let email: String

        public init(name: String, title: String = "", phone: String = "", email: String = "") {
            self.name = name
            self.title = title
            self.phone = phone
            self.email = email
        }
    }

    public let id: Int64
    public let name: String
    public let note: String
    public let contacts: [Contact]
    public let archivedAt: Date?
    public let version: Int

    public init(id: Int64, name: String, note: String, contacts: [Contact], archivedAt: Date?, version: Int) {
        self.id = id
        self.name = name
        self.note = note
        self.contacts = contacts
        self.archivedAt = archivedAt
        self.version = version
    }
}

extension Developer: AuditedRecord {
    public var auditEntityType: String { "developer" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { nil }
    public var auditFields: [String: String?] {
        ["name": name, "note": note, "contacts": contacts.map { "\($0.name)|\($0.title)|\($0.phone)|\($0.email)" }.joined(separator: ";"),
         "archived_at": archivedAt.map(\.auditText)]
    }
}

/// An estate's owners' committee (业委会, ORG-4): a chair and members.
public struct OwnersCommittee: Sendable, Hashable {
    public enum Role: String, Sendable, CaseIterable {
        case chair
        case viceChair = "vice_chair"
        case secretary
        case member
    }

    public struct Member: Sendable, Hashable {
        public let name: String
        public let role: Role
        public let phone: String
        /// The owner record of this member, if linked (same office).
        public let ownerID: Int64?

        public init(name: String, role: Role, phone: String = "", ownerID: Int64? = nil) {
            self.name = name
            self.role = role
            self.phone = phone
            self.ownerID = ownerID
        }
    }

    public let officeID: Int64
    public let estateID: Int64
    public let name: String
    public let formedOn: LocalDate?
    public let members: [Member]
    /// How often the office manager communicates with the committee (EXT-5): month, quarter or half_year.
    public let contactCadence: KPIPeriod.Kind
    public let version: Int

    /// The cadences EXT-5 allows.
    public static let contactCadences: [KPIPeriod.Kind] = [.month, .quarter, .halfYear]

    public init(
        officeID: Int64, estateID: Int64, name: String, formedOn: LocalDate?, members: [Member], contactCadence: KPIPeriod.Kind = .month,
        version: Int
    ) {
        self.officeID = officeID
        self.estateID = estateID
        self.name = name
        self.formedOn = formedOn
        self.members = members
        self.contactCadence = contactCadence
        self.version = version
    }

    public var chair: Member? { members.first { $0.role == .chair } }
}

extension OwnersCommittee: AuditedRecord {
    public var auditEntityType: String { "owners_committee" }
    public var auditEntityID: String { String(estateID) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        ["name": name, "formed_on": formedOn?.description, "contact_cadence": contactCadence.rawValue,
         "members": members.map { "\($0.name)|\($0.role.rawValue)|\($0.phone)|\($0.ownerID.map(String.init) ?? "")" }.joined(separator: ";")]
    }
}

/// Whether an owners' committee was contacted in the current period of its cadence (EXT-5).
public struct CommitteeContact: Sendable, Hashable {
    public let officeID: Int64
    public let estateID: Int64
    public let committeeName: String
    /// The current period of the committee's cadence (company zone).
    public let period: KPIPeriod
    /// Communications with the committee recorded in the period.
    public let communications: Int
    public let lastContactAt: Date?

    public init(officeID: Int64, estateID: Int64, committeeName: String, period: KPIPeriod, communications: Int, lastContactAt: Date?) {
        self.officeID = officeID
        self.estateID = estateID
        self.committeeName = committeeName
        self.period = period
        self.communications = communications
        self.lastContactAt = lastContactAt
    }

    public var contacted: Bool { communications > 0 }
}
