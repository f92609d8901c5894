/**
 * An error whose message is already one sentence for the user, saying what went wrong and what to
 * do next (not a bug). Every layer throws its own subclass (ListError, RecommendError,
 * ServiceError, ContractError, …); the shells show the message as is, and only other errors are
 * logged as bugs.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
