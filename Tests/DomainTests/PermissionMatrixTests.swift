import Domain
import Testing

/// ORG-5 and ORG-6: the matrix iterated completely, role by action.
@Suite("Permission matrix (ORG-5, ORG-6)")
struct PermissionMatrixTests {
    static let writeActions: Set<Action> = [.manageOrganization, .manageEstates, .manageResponsibilities, .manageUsers]

    @Test("ORG-5: HQ roles act across offices, office roles only inside their own, for every action", arguments: Role.allCases)
    func scopesFollowTheRole(role: Role) {
        for action in Action.allCases {
            guard let scope = PermissionMatrix.scope(of: [role], for: action) else { continue }
            #expect(scope == (role.actsAcrossOffices ? .allOffices : .ownOffices), "\(role) \(action)")
        }
    }

    @Test("ORG-5: BI_READER may do nothing through the API (it reads the bi schema directly)")
    func biReaderHasNoAPIActions() {
        for action in Action.allCases {
            #expect(PermissionMatrix.scope(of: [.biReader], for: action) == nil, "\(action)")
        }
    }

    @Test("ORG-6: ADMIN manages the organization and users; QUALITY reads the audit trail; front desk manages estates of its office")
    func responsibilities() {
        #expect(PermissionMatrix.scope(of: [.adminStaff], for: .manageOrganization) == .allOffices)
        #expect(PermissionMatrix.scope(of: [.adminStaff], for: .manageUsers) == .allOffices)
        #expect(PermissionMatrix.scope(of: [.qualityStaff], for: .readAudit) == .allOffices)
        #expect(PermissionMatrix.scope(of: [.frontDesk], for: .manageEstates) == .ownOffices)
        #expect(PermissionMatrix.scope(of: [.officeManager], for: .manageResponsibilities) == .ownOffices)
        #expect(PermissionMatrix.scope(of: [.frontDesk], for: .manageUsers) == nil)
        #expect(PermissionMatrix.scope(of: [.technician], for: .readAudit) == nil)
    }

    @Test("every action has a row, and only HQ leadership and ADMIN hold organization-wide write actions")
    func matrixIsComplete() {
        for action in Action.allCases {
            #expect(PermissionMatrix.grants[action] != nil, "\(action) has no row")
        }
        for action in Self.writeActions {
            for (role, scope) in PermissionMatrix.grants[action] ?? [:] where scope == .allOffices {
                #expect([.generalManager, .adminStaff, .qualityStaff].contains(role), "\(role) writes \(action) everywhere")
            }
        }
    }

    @Test("several roles combine to the widest scope; an actor outside an office may not act in it")
    func combinedRoles() {
        #expect(PermissionMatrix.scope(of: [.frontDesk, .adminStaff], for: .manageEstates) == .allOffices)
        let frontDesk = Actor(userID: 1, username: "fd", roles: [.frontDesk], officeIDs: [7], departmentID: nil)
        #expect(frontDesk.may(.manageEstates, inOffice: 7))
        #expect(!frontDesk.may(.manageEstates, inOffice: 8))
        #expect(!frontDesk.may(.manageUsers, inOffice: 7))
        #expect(throws: AuthorizationError(action: .manageUsers)) { try frontDesk.authorize(.manageUsers) }
    }
}
