/** A labelled number input; the one form control the views repeat. */
export function NumberField(props: {
  label: string;
  value: number;
  onChange: (value: number) => void;
  min?: number;
  max?: number;
  step?: string;
  required?: boolean;
  testId?: string;
}) {
  return (
    <label>
      {props.label}{" "}
      <input
        type="number"
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        onChange={(e) => props.onChange(+e.target.value)}
        required={props.required}
        data-testid={props.testId}
      />
    </label>
  );
}
