import Testing
@testable import LabEngine

@Suite struct PruningScheduleTests {
    @Test func polynomialDecayMatchesHandComputedValues() {
        let schedule = PruningSchedule.polynomialDecay(initial: 0.2, final: 0.8, begin: 10, end: 30, frequency: 5)
        // s = 0.8 + (0.2 − 0.8)(1 − (t − 10)/20)³, clamped outside [10, 30].
        let expected: [(Int, Double)] = [(0, 0.2), (10, 0.2), (15, 0.8 - 0.6 * 0.421875), (20, 0.725),
                                         (25, 0.790625), (30, 0.8), (1000, 0.8)]
        for (step, value) in expected {
            #expect(abs(schedule.sparsity(at: step) - value) < 1e-12, "step \(step)")
        }
    }

    @Test func polynomialDecayPowerIsAParameter() {
        let linear = PruningSchedule.polynomialDecay(initial: 0, final: 0.5, begin: 0, end: 100, power: 1)
        #expect(abs(linear.sparsity(at: 40) - 0.2) < 1e-12)
    }

    @Test func defaultsAreTensorFlowModelOptimizations() {
        // PolynomialDecay(power=3, frequency=100), begin_step 0; ConstantSparsity(end_step=-1, frequency=100).
        guard case let .polynomialDecay(_, _, begin, _, power, frequency) = PruningSchedule.polynomialDecay(initial: 0, final: 0.5, end: 10) else {
            Issue.record("not a polynomial decay"); return
        }
        #expect(begin == 0 && power == 3 && frequency == 100)
        guard case let .constant(_, cBegin, cEnd, cFrequency) = PruningSchedule.constant(sparsity: 0.5) else {
            Issue.record("not a constant schedule"); return
        }
        #expect(cBegin == 0 && cEnd == nil && cFrequency == 100)
    }

    @Test func pruningStepsFollowBeginFrequencyAndEnd() {
        let decay = PruningSchedule.polynomialDecay(initial: 0.1, final: 0.5, begin: 10, end: 32, frequency: 5)
        #expect((0...40).filter(decay.prunes(at:)) == [10, 15, 20, 25, 30, 32])
        #expect(decay.target(at: 11) == nil)
        #expect(decay.target(at: 32) == 0.5)

        let constant = PruningSchedule.constant(sparsity: 0.75)
        #expect((0...450).filter(constant.prunes(at:)) == [0, 100, 200, 300, 400])
        #expect(constant.sparsity(at: 12345) == 0.75)
        let bounded = PruningSchedule.constant(sparsity: 0.75, begin: 3, end: 9, frequency: 3)
        #expect((0...20).filter(bounded.prunes(at:)) == [3, 6, 9])
    }

    @Test func invalidSchedulesSayWhy() {
        func message(_ schedule: PruningSchedule) -> String? {
            do { try schedule.validate(); return nil } catch { return error.description }
        }
        #expect(message(.constant(sparsity: 1)) == "sparsity must be at least 0 and below 1, got 1.0")
        #expect(message(.polynomialDecay(initial: 0, final: 0.5, begin: 10, end: 10)) == "end step (10) must come after begin step (10)")
        #expect(message(.constant(sparsity: 0.5, frequency: 0)) == "frequency must be at least 1, got 0")
        #expect(message(.constant(sparsity: 0.5, begin: 5, end: 2)) == "end step (2) must not come before begin step (5)")
        #expect(message(.polynomialDecay(initial: 0, final: 0.9, end: 100)) == nil)
    }
}
