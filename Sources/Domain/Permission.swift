/// Something an actor may do through the API. Each Service call checks one.
/// Later capabilities (tickets, surveys, …) add their actions here and their
/// rows to `PermissionMatrix`.
public enum Action: String, CaseIterable, Sendable, Codable {
    /// Read the organization: company settings, departments, offices, estates, parties.
    case readOrganization = "organization.read"
    /// Create, update and archive offices, departments and company settings (HQ).
    case manageOrganization = "organization.manage"
    /// Create, update and archive estates, buildings, units, owners, developers and committees.
    case manageEstates = "estates.manage"
    /// Maintain an office's responsibility table (ORG-7).
    case manageResponsibilities = "responsibilities.manage"
    /// Read staff users.
    case readUsers = "users.read"
    /// Create, update, disable staff users and set their roles.
    case manageUsers = "users.manage"
    /// Read the audit trail.
    case readAudit = "audit.read"
    /// Read tickets, their history and their clocks.
    case readTickets = "tickets.read"
    /// Record a ticket (TKT-2: whoever receives information records it; nobody may refuse to).
    case recordTickets = "tickets.record"
    /// Move a ticket through its lifecycle: classify, dispatch, sign, work, accept, return visit, close, cancel, escalate.
    case processTickets = "tickets.process"
    /// Edit the SLA policy of the company or of an office (TKT-15).
    case manageSLAPolicy = "sla.manage"
    /// Draw the weekly return-visit samples and record their results (SRV-1).
    case manageReturnVisitSamples = "samples.manage"
    /// Keep the service guide and paid-service price list of the company or an office (INF-5).
    case manageServiceGuide = "service_guide.manage"
    /// Commit to a completion time for, and answer, a fault escalation form sent to one's HQ department (INF-3).
    case answerEscalations = "escalations.answer"
    /// Issue a complaint's corrective plan, verify it by a return visit, publish its corrective action report (CMP-3/4).
    case correctComplaints = "complaints.correct"
    /// Compile an office's weekly or monthly complaint summary and write its handling (CMP-5).
    case prepareComplaintSummaries = "complaint_summaries.prepare"
    /// Approve (and so publish) the office's complaint summary (CMP-5: the office manager).
    case approveComplaintSummaries = "complaint_summaries.approve"
    /// Read office KPIs and rankings (TKT-14, BI-1): every office's, or the own office's and its rank.
    case readKPIs = "kpi.read"
    /// Read the communication with developers and owners' committees: records, matters, outgoing documents (EXT-1..5).
    case readCommunications = "communications.read"
    /// Record communication with the developer or the owners' committee, the developer's questions and letters, and their answers (EXT-1, EXT-2, EXT-4, EXT-5).
    case recordCommunications = "communications.record"
    /// Sign and archive an outgoing written document of the office (EXT-3: the office manager signs).
    case signOutgoingDocuments = "outgoing_documents.sign"
    /// Write, submit and publish an office's documents (committee minutes, quarterly reports, monthly briefings), record the committee chair's decision on minutes, and record owners' questions on a report and their answers (EXT-5, EXT-6).
    case draftDocuments = "documents.draft"
    /// Review owners' committee minutes for the company (EXT-5: the company department).
    case reviewCommitteeMinutes = "committee_minutes.review"
    /// Write the finance section of a quarterly report (EXT-6: FINANCE).
    case writeReportFinance = "reports.write_finance"
    /// Review a quarterly report (EXT-6: QUALITY).
    case reviewReports = "reports.review"
    /// Approve a quarterly report for publication (EXT-6: the general manager).
    case approveReports = "reports.approve"
    /// Read meetings, their attendance, minutes and resolutions (MTG-1/2): company meetings need an all-offices scope.
    case readMeetings = "meetings.read"
    /// Schedule meetings, distribute agendas, sign attendees in, send minutes and set resolutions (MTG-1/2, SAL-2).
    case manageMeetings = "meetings.manage"
    /// Read the consulting projects: logs, reports, deliverables (EXT-7; company-level).
    case readConsulting = "consulting.read"
    /// Set up consulting projects and their resident consultants, answer monthly reports, merge quarterly summaries and send reports to the developer (EXT-7: the consulting department).
    case manageConsulting = "consulting.manage"
    /// Write a consulting project's work logs and reports, record deliverables to the developer and their receipts (EXT-7: resident consultants).
    case writeConsulting = "consulting.write"
    /// Read a unit's safety observation records: deviations from the procedure (SAF-6).
    case readSafety = "safety.read"
    /// Approve a unit's deviation from the safety observation procedure (SAF-6: the unit's head).
    case approveSafetyDeviations = "safety_deviations.approve"
    /// Fill in STOP cards (SAF-1/3: every employee observes).
    case observeSafety = "safety.observe"
    /// Declare a unit's observation areas and teams (SAF-2: the unit's management).
    case organizeSafety = "safety.organize"
    /// Review units' monthly safety observation summaries and write the company's quarterly and semiannual bulletins (SAF-4/5: QHSE).
    case reviewSafetyReports = "safety_reports.review"
    /// Approve the company's safety observation bulletins (SAF-5).
    case approveSafetyReports = "safety_reports.approve"
    /// Record information in the register and read it (INF-1: every employee receives and records information).
    case recordInformation = "information.record"
    /// Keep the register: who was told, handling, meeting review, closing (INF-1: QUALITY).
    case manageInformation = "information.manage"
    /// Approve the corrective/preventive action report of urgent information (INF-2: the management representative).
    case approveInformationReports = "information_reports.approve"
    /// Read the sales office's buyers, sales, payment stages, ledger and receivables (SAL-1).
    case readSales = "sales.read"
    /// Keep buyers and their sales: reserve a unit, ask for the full deposit, sign the contract, cancel (SAL-1: the sales staff).
    case writeSales = "sales.write"
    /// Mark a sale's payments received and book refunds (SAL-1: finance).
    case recordSalePayments = "sale_payments.record"
    /// Read notices to customers (INF-4).
    case readNotices = "notices.read"
    /// Draft and edit notices to customers (INF-4: the office's customer service assistant).
    case writeNotices = "notices.write"
    /// Publish and withdraw notices, and issue an estate's public feed key (INF-4: the office's manager approves what goes out).
    case publishNotices = "notices.publish"
    /// Read satisfaction survey templates, campaigns, respondents and results (SRV-3/4).
    case readSurveys = "surveys.read"
    /// Write survey templates and their versions (SRV-4: the company's questionnaire).
    case designSurveys = "surveys.design"
    /// Run campaigns: start one and draw its units, issue one-time links, enter paper forms, close it (SRV-3).
    case runSurveys = "surveys.run"
    /// Read community culture activity plans, activities and the quarterly compliance (INF-6).
    case readActivities = "activities.read"
    /// Write activity plans and record activities with their evaluation (INF-6: the office's customer service; BUSINESS the company plan).
    case planActivities = "activities.plan"
    /// Approve offices' yearly activity plans (INF-6: BUSINESS).
    case approveActivityPlans = "activity_plans.approve"
    /// Read the exchanges between offices (INF-7).
    case readExchanges = "exchanges.read"
    /// Record an exchange the office went to, or sign one in as its host (INF-7).
    case recordExchanges = "exchanges.record"
    /// Write to the president's mailbox, named or anonymously, and read one's own letters and their answers (INF-7).
    case writeToMailbox = "mailbox.write"
    /// Read every letter in the president's mailbox and answer them (INF-7: the leadership).
    case answerMailbox = "mailbox.answer"
    /// Write one's needs in the yearly staff-needs census and read one's own (INF-7).
    case submitStaffNeeds = "staff_needs.submit"
    /// Open the yearly staff-needs census, read every need and answer them (INF-7: ADMIN & HR, the leadership).
    case manageStaffNeeds = "staff_needs.manage"
}

/// Where an allowed action applies.
public enum Scope: Int, Sendable, Comparable, Codable {
    /// Only inside the offices the actor belongs to.
    case ownOffices = 1
    /// Across every office (HQ).
    case allOffices = 2

    public static func < (lhs: Scope, rhs: Scope) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The role × action × scope matrix (ORG-5, ORG-6). Data, not scattered `if`s:
/// a role missing from an action's row may not do it at all. docs/permissions.md
/// shows the same table, and a test iterates it completely.
public enum PermissionMatrix {
    public static let grants: [Action: [Role: Scope]] = {
        let hqStaff: [Role] = [
            .generalManager, .managementRep, .qualityStaff, .adminStaff, .financeStaff,
            .engineeringStaff, .securityStaff, .businessStaff, .consultant,
        ]
        let officeStaff: [Role] = [.officeManager, .frontDesk, .technician, .supervisor, .salesStaff]
        func row(_ all: [Role], _ own: [Role]) -> [Role: Scope] {
            var row: [Role: Scope] = [:]
            for role in all { row[role] = .allOffices }
            for role in own { row[role] = .ownOffices }
            return row
        }
        return [
            // Everyone but BI reads the organization; offices see their own.
            .readOrganization: row(hqStaff, officeStaff),
            // ADMIN keeps the organization's records (ORG-6: confirms office, committee and developer information).
            .manageOrganization: row([.generalManager, .adminStaff], []),
            // Estates and parties: ADMIN across offices; the office manager and front desk for their own office.
            .manageEstates: row([.generalManager, .adminStaff], [.officeManager, .frontDesk]),
            // ORG-7: the office manager sets who answers what; QUALITY, the information hub, may too.
            .manageResponsibilities: row([.generalManager, .qualityStaff], [.officeManager]),
            .readUsers: row([.generalManager, .managementRep, .qualityStaff, .adminStaff], [.officeManager]),
            // ADMIN & HR manages staff accounts.
            .manageUsers: row([.generalManager, .adminStaff], []),
            // The audit trail is for HQ oversight.
            .readAudit: row([.generalManager, .managementRep, .qualityStaff, .adminStaff], []),
            // Tickets: HQ oversees every office; office staff see their own.
            .readTickets: row(hqStaff, officeStaff),
            // TKT-2 首接负责: whoever receives information records it, HQ staff included.
            .recordTickets: row(hqStaff, officeStaff),
            // The office works its tickets; QUALITY handles what offices cannot (CMP-1) and makes return visits (SRV-1).
            .processTickets: row([.generalManager, .qualityStaff], [.officeManager, .frontDesk, .technician, .supervisor]),
            // HQ quality keeps the service clocks (issue 4: editable by HQ quality per company and per office).
            .manageSLAPolicy: row([.generalManager, .qualityStaff], []),
            // SRV-1: HQ samples every office's repairs for phone return visits (QUALITY, the information hub).
            .manageReturnVisitSamples: row([.generalManager, .qualityStaff], []),
            // INF-5: the company compiles the guide and its fee standard (BUSINESS; FINANCE answers for fees, 000 §5.7);
            // an office manager adds or overrides items for the own office.
            .manageServiceGuide: row([.generalManager, .businessStaff, .financeStaff], [.officeManager]),
            // INF-3: the HQ department a form is sent to answers it (membership is checked per form; leadership may answer any).
            .answerEscalations: row(
                [.generalManager, .managementRep, .qualityStaff, .adminStaff, .financeStaff, .engineeringStaff, .securityStaff, .businessStaff],
                []),
            // CMP-3/4: QUALITY issues the corrective plan, makes the verifying return visit and publishes the report.
            .correctComplaints: row([.generalManager, .qualityStaff], []),
            // CMP-5 (seed 002): the office's customer service assistant compiles, the office manager approves
            // (leadership, above every office manager, may too).
            .prepareComplaintSummaries: row([.generalManager, .qualityStaff], [.officeManager, .frontDesk]),
            .approveComplaintSummaries: row([.generalManager], [.officeManager]),
            // Issue 5: HQ ranks every office on the results; an office's management sees its own KPIs and rank.
            .readKPIs: row(hqStaff, [.officeManager, .supervisor, .frontDesk]),
            // EXT-1..5: HQ oversees every office's external communication; the office's management and front desk see their own.
            .readCommunications: row(hqStaff, [.officeManager, .supervisor, .frontDesk]),
            // EXT-1/2 (seed 000 §1 b, c, f): the office manager communicates with the developer and answers it;
            // ADMIN confirms office information about developers and committees (ORG-6).
            .recordCommunications: row([.generalManager, .adminStaff], [.officeManager]),
            // EXT-3: outgoing documents are signed by the office manager, nobody else.
            .signOutgoingDocuments: row([], [.officeManager]),
            // EXT-5/6: the office manager writes the estate's documents and publishes them (leadership may too).
            .draftDocuments: row([.generalManager], [.officeManager]),
            // EXT-5: the company department reviews committee minutes: ADMIN (committee affairs, ORG-6) or QUALITY.
            .reviewCommitteeMinutes: row([.adminStaff, .qualityStaff], []),
            // EXT-6 (seed 002 4.2.5): 财务部负责编写财务部分, 品质部审核, 总经理批准.
            .writeReportFinance: row([.financeStaff], []),
            .reviewReports: row([.qualityStaff], []),
            .approveReports: row([.generalManager], []),
            // MTG-1/2: HQ holds the company's meetings (leadership, ADMIN the president office, QUALITY the director
            // forum, MANAGEMENT_REP the management review); an office's management holds its own (SAL-2: the sales office too).
            .readMeetings: row(hqStaff, officeStaff),
            .manageMeetings: row([.generalManager, .managementRep, .adminStaff, .qualityStaff], [.officeManager, .supervisor, .salesStaff]),
            // EXT-7: consulting projects are the consulting department's (CONSULTANT); leadership and QUALITY read them.
            .readConsulting: row([.generalManager, .managementRep, .qualityStaff, .consultant], []),
            .manageConsulting: row([.generalManager, .consultant], []),
            .writeConsulting: row([.consultant], []),
            // SAF-6: every unit reads its safety records; its head approves deviations (the office manager; HQ departments: leadership).
            .readSafety: row(hqStaff, officeStaff),
            .approveSafetyDeviations: row([.generalManager, .managementRep], [.officeManager]),
            // SAF-3: all employees take part in observation (seed 3.5); the unit's management organizes it (SAF-2).
            .observeSafety: row(hqStaff, officeStaff),
            .organizeSafety: row([.generalManager, .managementRep], [.officeManager, .supervisor]),
            // SAF-4/5 (seed 5.4.2, 5.6): units submit their monthly summaries up the line to the QHSE side (quality and
            // security staff), who also write the company's bulletins; leadership approves the bulletins.
            .reviewSafetyReports: row([.generalManager, .qualityStaff, .securityStaff], []),
            .approveSafetyReports: row([.generalManager, .managementRep], []),
            // INF-1/2 (seed 000 六): everyone records information; QUALITY keeps the register; the management
            // representative (and leadership) approves the action reports urgent information requires.
            .recordInformation: row(hqStaff, officeStaff),
            .manageInformation: row([.generalManager, .managementRep, .qualityStaff], []),
            .approveInformationReports: row([.generalManager, .managementRep], []),
            // SAL-1 (seed 004): the sales office keeps its buyers and chases payments; finance receives the money and
            // reads every office's receivables; leadership and the office's manager read.
            .readSales: row([.generalManager, .managementRep, .financeStaff], [.officeManager, .salesStaff]),
            .writeSales: row([], [.salesStaff]),
            .recordSalePayments: row([.financeStaff], []),
            // INF-4 (seed 002 4.1.1, 111): the office informs its customers; its customer service assistant drafts and the
            // office manager approves what is published. QUALITY (which runs the company's surveys, SRV-3) publishes
            // survey answers into any office; everyone on staff reads them.
            .readNotices: row(hqStaff, officeStaff),
            .writeNotices: row([.generalManager, .qualityStaff], [.officeManager, .frontDesk, .supervisor]),
            .publishNotices: row([.generalManager, .qualityStaff], [.officeManager]),
            // SRV-3/4 (seeds 000 六, 002 10-11): the company (QUALITY) runs the semiannual survey with the offices' help;
            // each office's customer service centre runs its own mid-year and year-end surveys; QUALITY designs the
            // questionnaire; HQ and the office's management read the results.
            .readSurveys: row(hqStaff, [.officeManager, .frontDesk, .supervisor]),
            .designSurveys: row([.generalManager, .qualityStaff], []),
            .runSurveys: row([.generalManager, .qualityStaff], [.officeManager, .frontDesk]),
            // INF-6 (seed 002 9, 4.2.4): BUSINESS (经营管理部) writes the company's yearly plan and approves the offices' plans
            // derived from it; an office's customer service assistant and manager plan and record its activities.
            .readActivities: row(hqStaff, officeStaff),
            .planActivities: row([.generalManager, .businessStaff], [.officeManager, .frontDesk]),
            .approveActivityPlans: row([.generalManager, .businessStaff], []),
            // INF-7 (seed 000 六): offices record their visits and trainings and the host signs them in; ADMIN & HR organizes
            // HQ's trainings and signs them in for HQ.
            .readExchanges: row(hqStaff, officeStaff),
            .recordExchanges: row([.generalManager, .adminStaff], [.officeManager, .supervisor, .frontDesk]),
            // INF-7 (seed 000 五(八)): every member of staff may write to the president's mailbox and answer the yearly census;
            // the leadership (president and management representative) reads and answers the mailbox; ADMIN & HR runs the
            // census with the president, who answers needs many share by a company document.
            .writeToMailbox: row(hqStaff, officeStaff),
            .answerMailbox: row([.generalManager, .managementRep], []),
            .submitStaffNeeds: row(hqStaff, officeStaff),
            .manageStaffNeeds: row([.generalManager, .adminStaff], []),
        ]
    }()

    /// The widest scope any of the roles has for the action; nil if none may do it.
    public static func scope(of roles: some Sequence<Role>, for action: Action) -> Scope? {
        let row = grants[action] ?? [:]
        return roles.compactMap { row[$0] }.max()
    }
}
