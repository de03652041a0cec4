import Domain
import Foundation
import Persistence

/// A demo company for trying Liaison: three offices with estates (each built by one of two
/// developers), buildings and units, owners linked to units (some of them key customers),
/// an owners' committee per residential estate, the first office's responsibility table,
/// and one staff user per role. Everything is written
/// through the same Services (and so the same rules and audit trail) as the API.
public struct DemoDataService: Sendable {
    private let database: Database
    private let hasher: PasswordHasher
    private let now: @Sendable () -> Date

    public init(database: Database, hasher: PasswordHasher, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.hasher = hasher
        self.now = now
    }

    /// The demo offices: code, name, English name.
    public static let offices: [(code: String, name: String, nameEn: String)] = [
        ("DH", "东湖管理处", "East Lake office"),
        ("XH", "西湖管理处", "West Lake office"),
        ("NS", "南山管理处", "South Hill office"),
    ]

    /// One user per role: username, role, HQ department code (HQ roles) — office roles join the first office.
    public static let users: [(username: String, role: Role, department: String?)] = [
        ("demo-gm", .generalManager, nil), ("demo-rep", .managementRep, "QUALITY"), ("demo-quality", .qualityStaff, "QUALITY"),
        ("demo-admin", .adminStaff, "ADMIN"), ("demo-finance", .financeStaff, "FINANCE"),
        ("demo-engineering", .engineeringStaff, "ENGINEERING"), ("demo-security", .securityStaff, "SECURITY"),
        ("demo-business", .businessStaff, "BUSINESS"), ("demo-consultant", .consultant, "CONSULTING"),
        ("demo-manager", .officeManager, nil), ("demo-desk", .frontDesk, nil), ("demo-tech", .technician, nil),
        ("demo-supervisor", .supervisor, nil), ("demo-sales", .salesStaff, nil), ("demo-bi", .biReader, nil),
    ]

    public enum Outcome: Sendable, Equatable {
        /// Created; the users to log in as, all with the given password.
        case created(usernames: [String], password: String)
        /// The demo data was there already (its first office exists); nothing was changed.
        case alreadyPresent
    }

    public func seed(password: String) async throws -> Outcome {
        let exists = try await database.withTransaction { tx in
            try await StaffUserRepository.officeID(code: Self.offices[0].code, in: tx) != nil
        }
        if exists { return .alreadyPresent }

        let accounts = StaffAccountService(database: database, hasher: hasher, now: now)
        let admin = try await accounts.createFromCommandLine(.init(
            username: "demo-admin", displayName: "演示 行政", password: password, roles: [.adminStaff], departmentCode: "ADMIN"))
        let caller = Caller(actor: admin.actor, requestID: "seed-demo")

        let organization = OrganizationService(database: database, now: now)
        let estates = EstateService(database: database, now: now)
        var developers: [Developer] = []
        for developer in Self.developers {
            developers.append(try await DeveloperService(database: database, now: now).create(
                .init(name: developer.name, contacts: [.init(name: developer.contact, title: "客户关系经理", phone: developer.phone)]), caller))
        }
        var officeIDs: [Int64] = []
        for office in Self.offices {
            let unit = try await organization.create(.office, .init(code: office.code, name: office.name, nameEn: office.nameEn), caller)
            officeIDs.append(unit.id)
            for (index, kind) in [Estate.Kind.residential, .commercial].enumerated() {
                let estate = try await estates.createEstate(
                    officeID: unit.id,
                    .init(code: "\(office.code)\(index + 1)", name: kind == .residential ? "\(office.name.prefix(2))花园" : "\(office.name.prefix(2))大厦",
                          kind: kind, address: "\(office.name.prefix(2))路 \(index + 1) 号", developerID: developers[index].id),
                    caller)
                var firstUnits: [EstateUnit] = []
                for buildingNumber in 1...2 {
                    let building = try await estates.createBuilding(estateID: estate.id, name: "\(buildingNumber)栋", caller)
                    var units: [EstateService.UnitDraft] = []
                    for floor in 1...3 {
                        for door in 1...2 {
                            units.append(.init(number: "\(floor)0\(door)", floor: floor, areaSqm: Decimal(door == 1 ? 89.5 : 120)))
                        }
                    }
                    let created = try await estates.createUnits(buildingID: building.id, units, caller)
                    if firstUnits.isEmpty { firstUnits = created }
                }
                let owners = try await seedOwners(officeID: unit.id, units: firstUnits, serial: officeIDs.count * 10 + index, caller)
                if kind == .residential {
                    _ = try await CommitteeService(database: database, now: now).save(
                        estateID: estate.id, name: "\(estate.name)业主委员会", formedOn: nil,
                        members: zip(owners.prefix(3), [OwnersCommittee.Role.chair, .viceChair, .member]).map { owner, role in
                            .init(name: owner.name, role: role, phone: owner.phone, ownerID: owner.id)
                        },
                        expectedVersion: nil, caller)
                }
            }
        }

        var usernames = [admin.username]
        for user in Self.users where user.username != admin.username {
            let officeRole = !user.role.actsAcrossOffices
            let created = try await accounts.create(.init(
                username: user.username, password: password, roles: [user.role],
                officeIDs: officeRole ? [officeIDs[0]] : [],
                departmentID: try await departmentID(user.department)), caller)
            usernames.append(created.username)
        }

        // Who answers what in the first office (ORG-7), with the demo staff as default persons.
        let demoUsers = try await accounts.list(caller, filter: .init(text: "demo-"), page: PageRequest(limit: 50, cursor: nil)!).items
        let idOf = { (name: String) in demoUsers.first { $0.username == name }?.id }
        let responsibilities = ResponsibilityService(database: database, now: now)
        // ADMIN may not set responsibilities (ORG-7 belongs to office managers, QUALITY and leadership): the GM does.
        let leader = Caller(actor: try actor("demo-gm", in: demoUsers), requestID: "seed-demo")
        for (category, team, person) in [
            (TicketCategory.complaint, OfficeTeam.customerService, "demo-desk"), (.inquiry, .customerService, "demo-desk"),
            (.help, .customerService, "demo-desk"), (.engineering, .engineering, "demo-tech"), (.security, .orderSecurity, "demo-supervisor"),
            (.fire, .orderSecurity, "demo-supervisor"), (.cleaning, .environment, "demo-supervisor"),
            (.suggestion, .management, "demo-manager"), (.praise, .management, "demo-manager"),
        ] {
            _ = try await responsibilities.set(
                officeID: officeIDs[0], category: category, team: team, defaultUserID: idOf(person), expectedVersion: nil, leader)
        }
        return .created(usernames: usernames, password: password)
    }

    /// One owner per unit given (the first a key customer, the last a tenant), with a phone number unique to the seed.
    private func seedOwners(officeID: Int64, units: [EstateUnit], serial: Int, _ caller: Caller) async throws -> [Owner] {
        let owners = OwnerService(database: database, now: now)
        var created: [Owner] = []
        for (index, unit) in units.enumerated() {
            let name = Self.ownerNames[(serial + index) % Self.ownerNames.count]
            created.append(try await owners.create(
                officeID: officeID,
                .init(name: name, phone: String(format: "1380000%02d%02d", serial, index), keyCustomer: index == 0,
                      units: [.init(unitID: unit.id, relation: index == units.count - 1 ? .tenant : .owner)]),
                caller))
        }
        return created
    }

    /// The demo developers (发展商): name, contact, phone.
    static let developers: [(name: String, contact: String, phone: String)] = [
        ("华景地产开发有限公司", "林晓", "020-88880001"), ("宏远置业集团", "周航", "020-88880002"),
    ]

    static let ownerNames = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周婷", "吴强", "徐丽", "孙杰"]

    private func departmentID(_ code: String?) async throws -> Int64? {
        guard let code else { return nil }
        return try await database.withTransaction { tx in try await StaffUserRepository.departmentID(code: code, in: tx) }
    }

    private func actor(_ username: String, in users: [StaffUser]) throws -> Actor {
        guard let user = users.first(where: { $0.username == username }) else {
            throw ServiceError.notFound("demo user \(username) is missing")
        }
        return user.actor
    }
}
