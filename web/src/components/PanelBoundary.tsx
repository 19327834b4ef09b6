import { Component, type ReactNode } from 'react';

/**
 * An error while drawing one panel stays in that panel: the rest of the page (its heading, its other panels)
 * still renders, and the panel says what went wrong instead of vanishing.
 */
export class PanelBoundary extends Component<
  {
    children: ReactNode;
    /** when this changes (new data), try drawing again */
    resetKey?: unknown;
    /** what the panel was, for the message */
    what?: string;
  },
  { error: Error | null; key: unknown }
> {
  override state: { error: Error | null; key: unknown } = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(
    props: { resetKey?: unknown },
    state: { error: Error | null; key: unknown },
  ) {
    return props.resetKey === state.key ? null : { error: null, key: props.resetKey };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
        <h2 className="nhsuk-error-summary__title">
          {this.props.what
            ? `The ${this.props.what} could not be shown`
            : 'This part of the page could not be shown'}
        </h2>
        <div className="nhsuk-error-summary__body">
          <p>
            {this.state.error.message || 'An unexpected error.'} The rest of the page is unaffected; reload to
            try again.
          </p>
        </div>
      </div>
    );
  }
}
