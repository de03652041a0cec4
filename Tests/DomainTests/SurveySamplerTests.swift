import Domain
import Testing

/// SRV-3's respondent selection: the sample's size, the key share from the most complaining customers,
/// reproducibility from the seed, and full surveys.
@Suite("Survey sampling (SRV-3)")
struct SurveySamplerTests {
    /// Office 1: units 101…115, complaints 4 on 103, 2 on 107 and 111, 1 on 115. Office 2: units 201…203, none.
    static let candidates: [SurveySampler.Candidate] = (101...115).map { unit in
        SurveySampler.Candidate(unitID: Int64(unit), officeID: 1, complaints: [103: 4, 107: 2, 111: 2, 115: 1][unit] ?? 0)
    } + (201...203).map { SurveySampler.Candidate(unitID: Int64($0), officeID: 2, complaints: 0) }

    @Test("SRV-3 mid-year sample: ⌈50%⌉ of each office's units, ⌈20%⌉ of those first from the most complaining, the rest drawn")
    func midyearSample() {
        let picks = SurveySampler.draw(Self.candidates, samplePermille: 500, keySharePermille: 200, seed: "2026-midyear")
        let office1 = picks.filter { $0.officeID == 1 }
        let office2 = picks.filter { $0.officeID == 2 }
        #expect(office1.count == 8)  // ⌈15 × 0.5⌉
        #expect(office2.count == 2)  // ⌈3 × 0.5⌉
        // ⌈8 × 0.2⌉ = 2 key units: 103 (4 complaints), then one of 107 and 111 (2 each; the draw order decides).
        let keys = office1.filter { $0.reason == .mostComplaints }
        #expect(keys.count == 2)
        #expect(keys.first?.unitID == 103)
        #expect(keys.first?.drawPosition == 1)
        #expect([107, 111].contains(keys.last?.unitID ?? 0))
        #expect(office1.filter { $0.reason == .random }.count == 6)
        #expect(office2.allSatisfy { $0.reason == .random })
        #expect(Set(picks.map(\.unitID)).count == picks.count)
        #expect(office1.map(\.drawPosition) == Array(1...8))
    }

    @Test("SRV-3: the same seed gives the same set; other seeds give other sets")
    func reproducible() {
        let draw = { (seed: String) in
            Set(SurveySampler.draw(Self.candidates, samplePermille: 500, keySharePermille: 200, seed: seed).map(\.unitID))
        }
        #expect(draw("abc") == draw("abc"))
        let others = ["abd", "x", "2026", "seed-4"].map(draw)
        #expect(others.contains { $0 != draw("abc") })
    }

    @Test("SRV-3 full surveys ask every unit; a sample with fewer complaining units than its key share fills up at random")
    func fullAndShortOfComplaints() {
        let full = SurveySampler.draw(Self.candidates, samplePermille: 1000, keySharePermille: 0, seed: "s")
        #expect(full.count == 18)
        #expect(full.allSatisfy { $0.reason == .full })
        // A 90% sample of office 1: 14 units, key share 50% → 7, but only 4 units had complaints.
        let picks = SurveySampler.draw(Self.candidates.filter { $0.officeID == 1 }, samplePermille: 900, keySharePermille: 500, seed: "s")
        #expect(picks.count == 14)
        let keys = picks.prefix(4)
        #expect(keys.allSatisfy { $0.reason == .mostComplaints })
        #expect(Set(keys.map(\.unitID)) == [103, 107, 111, 115])
        #expect(keys.first?.unitID == 103 && keys.last?.unitID == 115)  // most complaints first, the single one last
        #expect(picks.dropFirst(4).allSatisfy { $0.reason == .random })
        #expect(SurveySampler.share(of: 15, permille: 500) == 8 && SurveySampler.share(of: 8, permille: 200) == 2 && SurveySampler.share(of: 0, permille: 500) == 0)
    }
}
