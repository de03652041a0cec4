/// Who is asked in a campaign (SRV-3), reproducibly and with a reason for each unit. Each office is
/// drawn separately, so a company campaign asks the same share of every office:
/// - a full survey (1000‰) asks every unit;
/// - a sample asks ⌈units × sample‰⌉ of them; ⌈that × key-share‰⌉ are taken first from the units with
///   the most complaints in the year before (most first, ties in draw order; units without a complaint
///   never count as complaining), and the rest are drawn from the others in the order the seed gives.
/// The draw order is a hash of the seed and the unit id: the same seed over the same units gives the same set.
public enum SurveySampler {
    public struct Candidate: Sendable, Hashable {
        public let unitID: Int64
        public let officeID: Int64
        /// Complaints about the unit in the year before the campaign.
        public let complaints: Int

        public init(unitID: Int64, officeID: Int64, complaints: Int) {
            self.unitID = unitID
            self.officeID = officeID
            self.complaints = complaints
        }
    }

    public enum Reason: String, Sendable, CaseIterable {
        /// A full survey asks every unit.
        case full
        /// Taken for the key share, among the customers with the most complaints.
        case mostComplaints = "most_complaints"
        /// Drawn at random from the seed.
        case random
    }

    public struct Pick: Sendable, Hashable {
        public let unitID: Int64
        public let officeID: Int64
        public let reason: Reason
        public let complaints: Int
        /// 1… within the office: the key-share units first, then the random ones in draw order.
        public let drawPosition: Int
    }

    /// ⌈population × permille / 1000⌉: a share rounded up, in whole units.
    public static func share(of population: Int, permille: Int) -> Int {
        (population * permille + 999) / 1000
    }

    public static func draw(_ candidates: [Candidate], samplePermille: Int, keySharePermille: Int, seed: String) -> [Pick] {
        let offices = Dictionary(grouping: candidates, by: \.officeID)
        return offices.keys.sorted().flatMap { officeID in
            drawOffice(offices[officeID]!, samplePermille: samplePermille, keySharePermille: keySharePermille, seed: seed)
        }
    }

    private static func drawOffice(_ candidates: [Candidate], samplePermille: Int, keySharePermille: Int, seed: String) -> [Pick] {
        let ordered = candidates.sorted { (drawKey(seed, $0.unitID), $0.unitID) < (drawKey(seed, $1.unitID), $1.unitID) }
        if samplePermille >= 1000 {
            return ordered.enumerated().map { index, candidate in
                Pick(unitID: candidate.unitID, officeID: candidate.officeID, reason: .full, complaints: candidate.complaints, drawPosition: index + 1)
            }
        }
        let size = share(of: candidates.count, permille: samplePermille)
        let keyQuota = share(of: size, permille: keySharePermille)
        // A stable sort keeps the draw order among units with as many complaints.
        let complaining = ordered.filter { $0.complaints > 0 }.enumerated().sorted {
            ($0.element.complaints, -$0.offset) > ($1.element.complaints, -$1.offset)
        }.map(\.element)
        let keys = Array(complaining.prefix(keyQuota))
        let keyIDs = Set(keys.map(\.unitID))
        let random = ordered.filter { !keyIDs.contains($0.unitID) }.prefix(size - keys.count)
        return (keys.map { ($0, Reason.mostComplaints) } + random.map { ($0, Reason.random) }).enumerated().map { index, pair in
            Pick(unitID: pair.0.unitID, officeID: pair.0.officeID, reason: pair.1, complaints: pair.0.complaints, drawPosition: index + 1)
        }
    }

    /// FNV-1a over "seed#unit", finished with SplitMix64's mixer: the same on every platform and run.
    static func drawKey(_ seed: String, _ unitID: Int64) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(seed)#\(unitID)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
        hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
        return hash ^ (hash >> 31)
    }
}
