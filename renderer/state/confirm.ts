// A question before anything is destroyed or interrupted: the dialog
// (ConfirmDialog) shows the one asked, and the answer resolves the promise.
import { useStore } from './store';

export interface ConfirmAnswer {
  confirmed: boolean;
  options: boolean[];
}

export interface ConfirmRequest {
  title: string;
  body: string;
  confirmLabel: string;
  danger?: boolean;
  /** Extra checkboxes, e.g. "stop it first"; the answer has their states in this order. */
  options?: { label: string; checked: boolean }[];
  resolve: (answer: ConfirmAnswer) => void;
}

export function askConfirm(request: Omit<ConfirmRequest, 'resolve'>): Promise<ConfirmAnswer> {
  return new Promise((resolve) => {
    useStore.setState({
      confirm: {
        ...request,
        resolve: (answer) => {
          useStore.setState({ confirm: undefined });
          resolve(answer);
        },
      },
    });
  });
}
