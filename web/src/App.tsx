/** The UI: the API answers' cache (TanStack Query) around the router (TanStack Router; its routes in routes.tsx). */
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { queryClient } from './api';
import { bindRouter } from './router';
import { router } from './routes';

bindRouter(router);

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
