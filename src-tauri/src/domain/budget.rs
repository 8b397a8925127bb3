//! 预算 Budget: promotion costs, approvals (核准金额 ≤ requested) and reimbursement (报销).
//! Rules arrive with the budget issue; money will be integer fen with checked arithmetic.
